package io.torus.core.auth.jwt;

/**
 * {@code resp}: a user may publish to reply subjects of requests it received, up to {@code maxMsgs} replies within
 * {@code ttlNanos} ({@code max} and {@code ttl}, a Go duration in nanoseconds). Zero values mean the server defaults.
 */
public record ResponsePermission(int maxMsgs, long ttlNanos)
{
}
