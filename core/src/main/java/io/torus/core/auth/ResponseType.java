package io.torus.core.auth;

/** How many responses a service export's requester may get per request, as Go's ServiceRespType. */
public enum ResponseType
{
    /** One response, then the route back is gone. */
    SINGLETON,
    /** Any number, until the response threshold passes. */
    STREAM,
    /** Any number in chunks, until the response threshold passes. */
    CHUNKED
}
