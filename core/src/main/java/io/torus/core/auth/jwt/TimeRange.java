package io.torus.core.auth.jwt;

/** A daily window in which a user may connect, {@code start} and {@code end} as "15:04:05" (hh:mm:ss). */
public record TimeRange(String start, String end)
{
}
