package io.torus.core.auth.jwt;

import java.util.List;
import java.util.Map;

/**
 * A decoded account JWT (jwt v2 AccountClaims), issued by an operator key or one of its signing keys.
 *
 * @param claims             the registered claims; {@code sub} is the account's public key
 * @param imports            {@code nats.imports}
 * @param exports            {@code nats.exports}
 * @param limits             {@code nats.limits}
 * @param signingKeys        {@code nats.signing_keys}: keys that may sign user JWTs of this account, each with its
 *                           scope or null (the JSON array holds plain keys and scope objects)
 * @param revocations        {@code nats.revocations}: user public key (or "*" for all users) to Unix seconds; user
 *                           JWTs issued at or before that second are revoked
 * @param defaultPermissions {@code nats.default_permissions}: for users whose JWT sets no permissions
 * @param mappings           {@code nats.mappings}: subject mappings
 * @param description        {@code nats.description}
 * @param infoUrl            {@code nats.info_url}
 * @param tags               {@code nats.tags}
 * @param version            {@code nats.version}
 */
public record AccountClaims(ClaimsData claims, List<Import> imports, List<Export> exports, AccountLimits limits,
                            Map<String, SigningKey> signingKeys, Map<String, Long> revocations,
                            Permissions defaultPermissions, Map<String, List<WeightedMapping>> mappings,
                            String description, String infoUrl, List<String> tags, int version)
    implements NatsClaims
{
    public AccountClaims
    {
        imports = List.copyOf(imports);
        exports = List.copyOf(exports);
        signingKeys = Map.copyOf(signingKeys);
        revocations = Map.copyOf(revocations);
        mappings = Map.copyOf(mappings);
        tags = List.copyOf(tags);
    }

    /**
     * A signing key of an account: the key, and its user scope or null for an unscoped key.
     */
    public record SigningKey(String key, UserScope scope)
    {
    }
}
