package io.torus.core.auth.jwt;

import java.util.List;

/**
 * A decoded user JWT (jwt v2 UserClaims): issued by an account key or one of its signing keys, the subject is the
 * user's public key, which signs the server's nonce.
 *
 * @param claims        the registered claims
 * @param user          permissions and limits ({@code nats.pub}, {@code nats.sub}, {@code nats.subs}, ...)
 * @param issuerAccount {@code nats.issuer_account}: the account when a signing key issued the JWT ("" otherwise)
 * @param tags          {@code nats.tags}
 * @param version       {@code nats.version} (2)
 */
public record UserClaims(ClaimsData claims, UserPermissionLimits user, String issuerAccount, List<String> tags,
                         int version) implements NatsClaims
{
    public UserClaims
    {
        tags = List.copyOf(tags);
    }

    /** The account this user belongs to: {@code issuer_account} when set, else the issuer. */
    public String account()
    {
        return issuerAccount.isEmpty() ? claims.issuer() : issuerAccount;
    }
}
