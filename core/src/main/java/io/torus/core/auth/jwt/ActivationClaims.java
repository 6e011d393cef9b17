package io.torus.core.auth.jwt;

/**
 * A decoded activation JWT (the {@code token} of a private import): the exporting account (or its signing key)
 * allows the subject account to import {@code importSubject}.
 *
 * @param claims        the registered claims; {@code sub} is the importing account
 * @param importSubject {@code nats.subject}
 * @param importType    {@code nats.kind}
 * @param issuerAccount {@code nats.issuer_account}: the exporting account when a signing key issued the token
 * @param version       {@code nats.version}
 */
public record ActivationClaims(ClaimsData claims, String importSubject, ExportType importType, String issuerAccount,
                               int version) implements NatsClaims
{
}
