package io.torus.perf.load;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Our own NATS client for load generation, written so that it is never the bottleneck: callers hand it whole
 * pre-encoded batches of frames (one large socket write for many messages), and one reader thread parses
 * {@code MSG} lines in place in its receive buffer without building strings or message objects.
 *
 * <p>It speaks just enough of the protocol for benchmarks: INFO/CONNECT handshake, PUB, SUB (with queue group),
 * PING/PONG both ways, MSG and HMSG delivery, and reports -ERR loudly.
 */
public final class LoadClient implements AutoCloseable {

    /** Receives each delivered message; the arrays are the reader's buffer, valid only during the call. */
    public interface Listener {
        void onMessage(long sid, byte[] buf, int replyOff, int replyLen, int payloadOff, int payloadLen);
    }

    private static final byte[] PONG = "PONG\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PING = "PING\r\n".getBytes(StandardCharsets.US_ASCII);

    private final String name;
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final String serverInfo;

    private byte[] rbuf = new byte[256 * 1024];
    private int rstart;
    private int rend;

    private volatile Listener listener;
    private Thread reader;
    private volatile boolean closing;
    private volatile String failure;
    private volatile long pongs;
    private long pingsSent;

    private LoadClient(String name, Socket socket) throws IOException {
        this.name = name;
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
        String info = readLineBlocking();
        if (!info.startsWith("INFO ")) {
            throw new IOException(name + ": expected INFO from server, got: " + info);
        }
        this.serverInfo = info.substring(5).trim();
    }

    /** Connects, sends CONNECT (no echo, not verbose) and waits for the PONG that proves the server accepted it. */
    public static LoadClient connect(String host, int port, String name) throws IOException {
        Socket s = new Socket();
        s.setTcpNoDelay(true);
        // Large buffers: the point of this client is few, big syscalls.
        s.setSendBufferSize(1 << 20);
        s.setReceiveBufferSize(1 << 20);
        s.connect(new InetSocketAddress(host, port), 5000);
        s.setSoTimeout(10_000);
        LoadClient c = new LoadClient(name, s);
        String connect = "CONNECT {\"verbose\":false,\"pedantic\":false,\"tls_required\":false,\"name\":\"" + name
                + "\",\"lang\":\"torus-perf\",\"version\":\"0.1\",\"protocol\":1,\"echo\":false,\"headers\":true,"
                + "\"no_responders\":true}\r\nPING\r\n";
        c.out.write(connect.getBytes(StandardCharsets.US_ASCII));
        c.out.flush();
        while (true) {
            String line = c.readLineBlocking();
            if (line.equals("PONG")) {
                break;
            }
            if (line.startsWith("-ERR")) {
                throw new IOException(name + ": server refused CONNECT: " + line);
            }
            // +OK, INFO updates or a PING are fine before the PONG.
            if (line.equals("PING")) {
                c.out.write(PONG);
            }
        }
        s.setSoTimeout(0);
        return c;
    }

    public String serverInfo() {
        return serverInfo;
    }

    public String name() {
        return name;
    }

    /** Subscribes; must be followed by {@link #flush} before publishing if the subscription must see everything. */
    public void subscribe(String subject, String queue, long sid) throws IOException {
        String line = "SUB " + subject + (queue == null ? "" : " " + queue) + " " + sid + "\r\n";
        write(line.getBytes(StandardCharsets.US_ASCII));
    }

    public void write(byte[] b) throws IOException {
        write(b, 0, b.length);
    }

    /** Synchronized because a responder writes replies from the reader thread while PONGs may go out too. */
    public synchronized void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
    }

    /** Starts the reader thread; every MSG goes to the listener (which may be null for publish-only clients). */
    public void start(Listener l) {
        this.listener = l;
        reader = new Thread(this::readLoop, "reader-" + name);
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * PING and wait for its PONG: the server handles a connection's protocol in order, so once the PONG arrives
     * it has processed everything written before (subscriptions registered, publishes routed).
     */
    public void flush(long timeoutMillis) throws IOException {
        long target;
        synchronized (this) {
            target = ++pingsSent;
            out.write(PING);
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (pongs < target) {
            checkHealthy();
            if (System.nanoTime() > deadline) {
                throw new IOException(name + ": no PONG within " + timeoutMillis + " ms");
            }
            LockSupport.parkNanos(20_000);
        }
    }

    /** Throws if the connection died or the server sent -ERR: benchmarks must fail loudly, never limp on. */
    public void checkHealthy() throws IOException {
        String f = failure;
        if (f != null) {
            throw new IOException(name + ": " + f);
        }
    }

    public String failure() {
        return failure;
    }

    private void readLoop() {
        try {
            while (!closing) {
                int n = in.read(rbuf, rend, rbuf.length - rend);
                if (n < 0) {
                    throw new EOFException("server closed the connection");
                }
                rend += n;
                parse();
                compact();
            }
        } catch (IOException | RuntimeException e) {
            if (!closing && failure == null) {
                failure = "connection lost: " + e;
            }
        }
    }

    private void compact() {
        if (rstart == rend) {
            rstart = rend = 0;
        } else if (rstart > 0 && rbuf.length - rend < 64 * 1024) {
            System.arraycopy(rbuf, rstart, rbuf, 0, rend - rstart);
            rend -= rstart;
            rstart = 0;
        }
    }

    /** Parses every complete control line and message in [rstart, rend). */
    private void parse() throws IOException {
        while (rstart < rend) {
            int lf = indexOfLf(rstart, rend);
            if (lf < 0) {
                ensureRoom(rend - rstart + 4096);
                return;
            }
            int lineEnd = lf > rstart && rbuf[lf - 1] == '\r' ? lf - 1 : lf;
            byte c0 = rbuf[rstart];
            if ((c0 == 'M' || c0 == 'm') && lineEnd - rstart > 4) {
                if (!parseMsg(rstart + 4, lineEnd, lf + 1, false)) {
                    return;
                }
            } else if ((c0 == 'H' || c0 == 'h') && lineEnd - rstart > 5) {
                if (!parseMsg(rstart + 5, lineEnd, lf + 1, true)) {
                    return;
                }
            } else {
                String line = new String(rbuf, rstart, lineEnd - rstart, StandardCharsets.US_ASCII);
                rstart = lf + 1;
                if (line.equals("PING")) {
                    write(PONG);
                } else if (line.equals("PONG")) {
                    pongs++;
                } else if (line.startsWith("-ERR")) {
                    failure = "server sent " + line;
                }
                // +OK and INFO (cluster updates, lame duck) need no action here.
            }
        }
    }

    /**
     * {@code MSG <subject> <sid> [reply] <size>} or {@code HMSG <subject> <sid> [reply] <hdr> <total>}: split the
     * line into at most five tokens by scanning bytes once. Returns false if the payload has not fully arrived.
     */
    private boolean parseMsg(int from, int lineEnd, int payloadStart, boolean headers) {
        int[] starts = tokStarts;
        int[] ends = tokEnds;
        int count = 0;
        int i = from;
        while (i < lineEnd && count < 5) {
            while (i < lineEnd && (rbuf[i] == ' ' || rbuf[i] == '\t')) {
                i++;
            }
            if (i >= lineEnd) {
                break;
            }
            starts[count] = i;
            while (i < lineEnd && rbuf[i] != ' ' && rbuf[i] != '\t') {
                i++;
            }
            ends[count++] = i;
        }
        int sizeTok = count - 1;
        int size = (int) parseLong(starts[sizeTok], ends[sizeTok]);
        long sid = parseLong(starts[1], ends[1]);
        int hdr = 0;
        int replyTok = -1;
        if (headers) {
            hdr = (int) parseLong(starts[sizeTok - 1], ends[sizeTok - 1]);
            replyTok = count == 5 ? 2 : -1;
        } else {
            replyTok = count == 4 ? 2 : -1;
        }
        int need = payloadStart + size + 2;
        if (need > rend) {
            ensureRoom(need - rstart);
            return false;
        }
        Listener l = listener;
        if (l != null) {
            int replyOff = replyTok < 0 ? 0 : starts[replyTok];
            int replyLen = replyTok < 0 ? 0 : ends[replyTok] - starts[replyTok];
            l.onMessage(sid, rbuf, replyOff, replyLen, payloadStart + hdr, size - hdr);
        }
        rstart = need;
        return true;
    }

    private final int[] tokStarts = new int[5];
    private final int[] tokEnds = new int[5];

    private long parseLong(int from, int to) {
        long v = 0;
        for (int i = from; i < to; i++) {
            v = v * 10 + (rbuf[i] - '0');
        }
        return v;
    }

    private int indexOfLf(int from, int to) {
        byte[] b = rbuf;
        for (int i = from; i < to; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** Makes sure that {@code bytes} bytes starting at rstart fit, moving or growing the buffer as needed. */
    private void ensureRoom(int bytes) {
        if (rstart + bytes <= rbuf.length && rbuf.length - rend >= 4096) {
            return;
        }
        byte[] target = bytes + 65536 > rbuf.length ? new byte[Math.max(rbuf.length * 2, bytes + 65536)] : rbuf;
        System.arraycopy(rbuf, rstart, target, 0, rend - rstart);
        rend -= rstart;
        rstart = 0;
        rbuf = target;
    }

    /** Used only during the handshake, before the reader thread owns the input. */
    private String readLineBlocking() throws IOException {
        while (true) {
            int lf = indexOfLf(rstart, rend);
            if (lf >= 0) {
                int lineEnd = lf > rstart && rbuf[lf - 1] == '\r' ? lf - 1 : lf;
                String s = new String(rbuf, rstart, lineEnd - rstart, StandardCharsets.US_ASCII);
                rstart = lf + 1;
                return s;
            }
            ensureRoom(rend - rstart + 4096);
            int n = in.read(rbuf, rend, rbuf.length - rend);
            if (n < 0) {
                throw new EOFException(name + ": server closed the connection during handshake");
            }
            rend += n;
        }
    }

    @Override
    public void close() {
        closing = true;
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        if (reader != null) {
            try {
                reader.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
