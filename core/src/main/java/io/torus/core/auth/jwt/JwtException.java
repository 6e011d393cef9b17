package io.torus.core.auth.jwt;

/**
 * A JWT that cannot be decoded or trusted. The message is the nats-io/jwt library's or the Go server's text where
 * one exists ("expected 3 chunks", "claim failed V2 signature verification", "not user claim").
 */
public final class JwtException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    public JwtException(final String message)
    {
        super(message);
    }
}
