package io.torus.io.monitor;

/** A request parameter the Go server would answer with HTTP 400; the message is Go's text, sent as the body. */
final class BadRequestException extends Exception
{
    private static final long serialVersionUID = 1L;

    BadRequestException(final String message)
    {
        super(message, null, false, false);
    }
}
