package io.torus.core.auth.jwt;

import java.util.List;

/**
 * What a user may do: the body of a user JWT, or the template of a scoped signing key (jwt v2 UserPermissionLimits).
 *
 * @param permissions            {@code pub}, {@code sub}, {@code resp}
 * @param limits                 {@code src}, {@code times}, {@code times_location}, {@code subs}, {@code data},
 *                               {@code payload}
 * @param bearerToken            {@code bearer_token}: the client need not sign the nonce
 * @param allowedConnectionTypes {@code allowed_connection_types}: STANDARD, WEBSOCKET, LEAFNODE, LEAFNODE_WS, MQTT,
 *                               MQTT_WS (empty: all)
 */
public record UserPermissionLimits(Permissions permissions, UserLimits limits, boolean bearerToken,
                                   List<String> allowedConnectionTypes)
{
    public UserPermissionLimits
    {
        allowedConnectionTypes = List.copyOf(allowedConnectionTypes);
    }

    /** True when nothing at all is set (what a user signed by a scoped key must have). */
    public boolean isEmpty()
    {
        return permissions.isEmpty() && limits.src().isEmpty() && limits.times().isEmpty() &&
            limits.locale().isEmpty() && limits.subs() == 0 && limits.data() == 0 && limits.payload() == 0 &&
            !bearerToken && allowedConnectionTypes.isEmpty();
    }
}
