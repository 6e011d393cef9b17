package io.torus.core.auth.jwt;

/**
 * The registered claims every NATS JWT carries (jwt v2 ClaimsData). Times are Unix seconds; 0 means not set.
 *
 * @param audience  {@code aud}
 * @param expires   {@code exp}: not valid after this second
 * @param id        {@code jti}: base32 of the SHA-512/256 hash of the claims
 * @param issuedAt  {@code iat}
 * @param issuer    {@code iss}: the public key that signed the JWT
 * @param name      {@code name}
 * @param notBefore {@code nbf}: not valid before this second
 * @param subject   {@code sub}: the public key the JWT is about
 */
public record ClaimsData(String audience, long expires, String id, long issuedAt, String issuer, String name,
                         long notBefore, String subject)
{
}
