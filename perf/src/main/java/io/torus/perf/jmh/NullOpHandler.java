package io.torus.perf.jmh;

import io.torus.core.protocol.ClientOpHandler;
import org.agrona.DirectBuffer;

/** Counts what the parser hands over and does nothing else, so the parser alone is measured. */
final class NullOpHandler implements ClientOpHandler
{
    long ops;
    long bytes;

    @Override
    public boolean onConnect(final DirectBuffer buf, final int off, final int len)
    {
        ops++;
        return true;
    }

    @Override
    public boolean onPublish(
        final DirectBuffer argBuf, final int subjectOff, final int subjectLen, final int replyOff, final int replyLen,
        final DirectBuffer payloadBuf, final int payloadOff, final int headerLength, final int totalLength)
    {
        ops++;
        bytes += totalLength;
        return true;
    }

    @Override
    public boolean onSubscribe(
        final DirectBuffer buf, final int subjectOff, final int subjectLen, final int queueOff, final int queueLen,
        final int sidOff, final int sidLen)
    {
        ops++;
        return true;
    }

    @Override
    public boolean onUnsubscribe(final DirectBuffer buf, final int sidOff, final int sidLen, final long max)
    {
        ops++;
        return true;
    }

    @Override
    public boolean onPing()
    {
        ops++;
        return true;
    }

    @Override
    public boolean onPong()
    {
        ops++;
        return true;
    }

    @Override
    public void onProtocolViolation(final String errText, final String logText)
    {
        throw new IllegalStateException(logText);
    }

    @Override
    public boolean onProtocolWarning(final String errText)
    {
        return true;
    }
}
