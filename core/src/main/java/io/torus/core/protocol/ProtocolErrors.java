package io.torus.core.protocol;

/** The error texts the Go server sends in {@code -ERR '...'} lines, word for word. */
public final class ProtocolErrors
{
    public static final String UNKNOWN_PROTOCOL_OPERATION = "Unknown Protocol Operation";
    public static final String MAX_CONTROL_LINE_EXCEEDED = "maximum control line exceeded";
    public static final String MAX_PAYLOAD_VIOLATION = "Maximum Payload Violation";
    public static final String AUTHORIZATION_VIOLATION = "Authorization Violation";
    public static final String AUTHENTICATION_TIMEOUT = "Authentication Timeout";
    public static final String USER_AUTHENTICATION_EXPIRED = "User Authentication Expired";
    public static final String ACCOUNT_AUTHENTICATION_EXPIRED = "Account Authentication Expired";
    public static final String INVALID_PUBLISH_SUBJECT = "Invalid Publish Subject";
    public static final String INVALID_SUBJECT = "Invalid Subject";
    public static final String STALE_CONNECTION = "Stale Connection";
    public static final String MAX_CONNECTIONS_EXCEEDED = "maximum connections exceeded";
    public static final String MAX_ACCOUNT_CONNECTIONS_EXCEEDED = "maximum account active connections exceeded";
    public static final String MAX_SUBSCRIPTIONS_EXCEEDED = "maximum subscriptions exceeded";
    public static final String BAD_CLIENT_PROTOCOL = "invalid client protocol";
    public static final String NO_RESPONDERS_REQUIRES_HEADERS = "no responders requires headers support";

    private ProtocolErrors()
    {
    }

    static String quote(final String s)
    {
        final StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++)
        {
            final char c = s.charAt(i);
            if (c == '"' || c == '\\')
            {
                sb.append('\\');
            }
            sb.append(c);
        }
        return sb.append('"').toString();
    }

    /** Go's pubPermissionViolation text. */
    public static String publishViolation(final String subject)
    {
        return "Permissions Violation for Publish to " + quote(subject);
    }

    /** Go's subPermissionViolation text, with the queue when there is one. */
    public static String subscribeViolation(final String subject, final String queue)
    {
        return "Permissions Violation for Subscription to " + quote(subject) +
            (queue == null ? "" : " using queue " + quote(queue));
    }

    /** Go's replySubjectViolation text: clients may not use the reserved reply prefix. */
    public static String replyViolation(final String reply)
    {
        return "Permissions Violation for Publish with Reply of " + quote(reply);
    }
}
