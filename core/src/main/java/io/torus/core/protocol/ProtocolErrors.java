package io.torus.core.protocol;

/** The error texts the Go server sends in {@code -ERR '...'} lines, word for word. */
public final class ProtocolErrors
{
    public static final String UNKNOWN_PROTOCOL_OPERATION = "Unknown Protocol Operation";
    public static final String MAX_CONTROL_LINE_EXCEEDED = "maximum control line exceeded";
    public static final String MAX_PAYLOAD_VIOLATION = "Maximum Payload Violation";
    public static final String AUTHORIZATION_VIOLATION = "Authorization Violation";
    public static final String AUTHENTICATION_TIMEOUT = "Authentication Timeout";
    public static final String INVALID_PUBLISH_SUBJECT = "Invalid Publish Subject";
    public static final String INVALID_SUBJECT = "Invalid Subject";
    public static final String STALE_CONNECTION = "Stale Connection";
    public static final String MAX_CONNECTIONS_EXCEEDED = "maximum connections exceeded";
    public static final String BAD_CLIENT_PROTOCOL = "invalid client protocol";
    public static final String NO_RESPONDERS_REQUIRES_HEADERS = "no responders requires headers support";

    private ProtocolErrors()
    {
    }
}
