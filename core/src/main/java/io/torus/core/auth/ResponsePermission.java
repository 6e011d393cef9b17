package io.torus.core.auth;

import java.util.concurrent.TimeUnit;

/**
 * {@code allow_responses}: a client may publish to the reply subject of each message delivered to it, up to
 * {@code maxMsgs} times within {@code expiresNanos}. Non-positive values mean no limit, as in Go.
 */
public record ResponsePermission(int maxMsgs, long expiresNanos)
{
    /** Go's DEFAULT_ALLOW_RESPONSE_MAX_MSGS and DEFAULT_ALLOW_RESPONSE_EXPIRATION. */
    public static final ResponsePermission DEFAULT = new ResponsePermission(1, TimeUnit.MINUTES.toNanos(2));
}
