package io.torus.core.pipeline;

import io.torus.core.auth.ResponsePermission;
import io.torus.core.auth.SubjectSet;
import io.torus.core.protocol.ConnectOptions;

/**
 * A CONNECT that passed authentication, as it enters the ring: what the client declared, and what its user's
 * permissions and account limits leave to the matching stage to enforce (the I/O thread checks the rest).
 *
 * @param deliveryDeny     subscribe deny list applied to deliveries, or null
 * @param response         allow_responses, or null
 * @param maxSubscriptions subscriptions allowed on the connection, -1 for no limit
 */
public record ConnectCommand(
    ConnectOptions options, SubjectSet deliveryDeny, ResponsePermission response, int maxSubscriptions)
{
}
