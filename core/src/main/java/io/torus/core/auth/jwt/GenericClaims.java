package io.torus.core.auth.jwt;

/**
 * A signed JWT whose {@code nats.type} is none Torus knows (the jwt library's GenericClaims): its signature was
 * checked, its issuer kind was not.
 */
public record GenericClaims(ClaimsData claims, String type) implements NatsClaims
{
}
