package io.torus.core.auth.jwt;

/** The decoded claims of a NATS JWT of any kind Torus reads. */
public sealed interface NatsClaims permits OperatorClaims, AccountClaims, UserClaims, ActivationClaims, GenericClaims
{
    /** The registered claims ({@code iss}, {@code sub}, {@code iat}, {@code exp}, ...). */
    ClaimsData claims();
}
