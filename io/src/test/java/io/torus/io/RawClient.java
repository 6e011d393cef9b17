package io.torus.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** A raw protocol client for tests: send text, read until an expected text arrives (or time runs out). */
final class RawClient implements AutoCloseable
{
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final StringBuilder received = new StringBuilder();

    RawClient(final int port) throws IOException
    {
        this(port, 0);
    }

    /** receiveBufferBytes &gt; 0 shrinks the socket's receive buffer, to make a slow reader quickly. */
    RawClient(final int port, final int receiveBufferBytes) throws IOException
    {
        socket = new Socket();
        if (receiveBufferBytes > 0)
        {
            socket.setReceiveBufferSize(receiveBufferBytes);
        }
        socket.connect(new java.net.InetSocketAddress("127.0.0.1", port));
        socket.setTcpNoDelay(true);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    RawClient send(final String text) throws IOException
    {
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        return this;
    }

    /** Reads until {@code expected} has been received; returns everything received so far and consumes it. */
    String readUntil(final String expected, final long timeoutMs) throws IOException
    {
        final long deadline = System.currentTimeMillis() + timeoutMs;
        final byte[] buf = new byte[65536];
        while (received.indexOf(expected) < 0)
        {
            final long left = deadline - System.currentTimeMillis();
            if (left <= 0)
            {
                throw new AssertionError("did not receive '" + expected + "' within " + timeoutMs + "ms; got: " +
                    received);
            }
            socket.setSoTimeout((int)left);
            final int n;
            try
            {
                n = in.read(buf);
            }
            catch (final SocketTimeoutException e)
            {
                continue;
            }
            if (n < 0)
            {
                throw new AssertionError("connection closed before '" + expected + "'; got: " + received);
            }
            received.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
        }
        final int end = received.indexOf(expected) + expected.length();
        final String result = received.substring(0, end);
        received.delete(0, end);
        return result;
    }

    String readUntil(final String expected) throws IOException
    {
        return readUntil(expected, 5000);
    }

    /** Waits for the server to close the connection; returns what arrived before. */
    String readUntilClosed(final long timeoutMs) throws IOException
    {
        final long deadline = System.currentTimeMillis() + timeoutMs;
        final byte[] buf = new byte[65536];
        while (true)
        {
            final long left = deadline - System.currentTimeMillis();
            if (left <= 0)
            {
                throw new AssertionError("connection still open after " + timeoutMs + "ms; got: " + received);
            }
            socket.setSoTimeout((int)left);
            try
            {
                final int n = in.read(buf);
                if (n < 0)
                {
                    break;
                }
                received.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
            }
            catch (final SocketTimeoutException e)
            {
                // loop to the deadline check
            }
            catch (final IOException e)
            {
                break; // reset by peer counts as closed
            }
        }
        final String result = received.toString();
        received.setLength(0);
        return result;
    }

    /** Reads INFO and completes a CONNECT with the given JSON. */
    RawClient connect(final String json) throws IOException
    {
        readUntil("\r\n");
        send("CONNECT " + json + "\r\n");
        return this;
    }

    @Override
    public void close() throws IOException
    {
        socket.close();
    }
}
