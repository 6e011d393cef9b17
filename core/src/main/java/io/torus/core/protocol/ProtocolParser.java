package io.torus.core.protocol;

import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;

import java.nio.charset.StandardCharsets;

/**
 * Zero-copy, byte-at-a-time parser of the client protocol, one per connection (the Go server's {@code parser.go}).
 * <p>
 * Op letters are accepted in either case. Arguments are handed over as slices of the read buffer; only when an
 * operation spans two reads is its control line (or payload) copied, into scratch buffers that are reused. A payload
 * is jumped over by its declared length and must be followed by CRLF.
 * <p>
 * Single-threaded: called only by the connection's I/O thread.
 */
public final class ProtocolParser
{
    private static final int OP_START = 0;
    private static final int OP_P = 1;
    private static final int OP_PU = 2;
    private static final int OP_PUB = 3;
    private static final int OP_PUB_SPC = 4;
    private static final int PUB_ARG = 5;
    private static final int OP_PI = 6;
    private static final int OP_PIN = 7;
    private static final int OP_PING = 8;
    private static final int OP_PO = 9;
    private static final int OP_PON = 10;
    private static final int OP_PONG = 11;
    private static final int OP_H = 12;
    private static final int OP_HP = 13;
    private static final int OP_HPU = 14;
    private static final int OP_HPUB = 15;
    private static final int OP_HPUB_SPC = 16;
    private static final int HPUB_ARG = 17;
    private static final int OP_S = 18;
    private static final int OP_SU = 19;
    private static final int OP_SUB = 20;
    private static final int OP_SUB_SPC = 21;
    private static final int SUB_ARG = 22;
    private static final int OP_U = 23;
    private static final int OP_UN = 24;
    private static final int OP_UNS = 25;
    private static final int OP_UNSU = 26;
    private static final int OP_UNSUB = 27;
    private static final int OP_UNSUB_SPC = 28;
    private static final int UNSUB_ARG = 29;
    private static final int OP_C = 30;
    private static final int OP_CO = 31;
    private static final int OP_CON = 32;
    private static final int OP_CONN = 33;
    private static final int OP_CONNE = 34;
    private static final int OP_CONNEC = 35;
    private static final int OP_CONNECT = 36;
    private static final int CONNECT_ARG = 37;
    private static final int MSG_PAYLOAD = 38;
    private static final int OP_CONNECT_SPC = 39;

    private static final int MAX_SNIPPET = 128;
    private static final int PROTO_SNIPPET = 32;

    private final ClientOpHandler handler;
    private int maxControlLine;
    private int maxPayload;
    private boolean pedantic;
    private boolean headers;
    private boolean awaitingAuth;
    private int resumeOffset;
    /** -V: hand each operation to the handler's trace methods as it is read. */
    private boolean trace;

    private int state = OP_START;
    /** Start of the current argument in the current buffer, or -1 when the argument lives in argBuf. */
    private int argStart;
    private final ExpandableArrayBuffer argBuf = new ExpandableArrayBuffer(256);
    private int argLen;
    private boolean argInScratch;

    // The publish being read: positions of its arguments in pubArgBuf.
    private DirectBuffer pubArgBuf;
    private int subjectOff;
    private int subjectLen;
    private int replyOff;
    private int replyLen;
    private int headerLen;
    private int totalLen;

    private final ExpandableArrayBuffer msgBuf = new ExpandableArrayBuffer(1024);
    private int msgHave;

    public ProtocolParser(final ClientOpHandler handler, final int maxControlLine, final int maxPayload)
    {
        this.handler = handler;
        this.maxControlLine = maxControlLine;
        this.maxPayload = maxPayload;
    }

    /** Settings the CONNECT of this client decides. */
    public void clientOptions(final boolean pedantic, final boolean headers)
    {
        this.pedantic = pedantic;
        this.headers = headers;
    }

    /** When set, anything but CONNECT as the next op is an authorization violation (the Go server's awaitingAuth). */
    public void awaitingAuth(final boolean awaitingAuth)
    {
        this.awaitingAuth = awaitingAuth;
    }

    /** Turns the protocol trace on or off (see {@link ClientOpHandler#traceIn}). */
    public void trace(final boolean trace)
    {
        this.trace = trace;
    }

    public void maxPayload(final int maxPayload)
    {
        this.maxPayload = maxPayload;
    }

    /**
     * Parses {@code len} bytes at {@code off}. Returns false when the connection must stop reading (it was closed by
     * the handler or for a protocol violation).
     */
    public boolean parse(final DirectBuffer buf, final int off, final int len)
    {
        final int end = off + len;
        int i = off;
        if (state == MSG_PAYLOAD)
        {
            i = continuePayload(buf, i, end);
            if (i < 0)
            {
                return i == -1;
            }
        }
        argStart = argInScratch ? -1 : off;

        for (; i < end; i++)
        {
            final byte b = buf.getByte(i);
            switch (state)
            {
                case OP_START:
                    if (awaitingAuth && b != 'C' && b != 'c')
                    {
                        handler.onProtocolViolation(ProtocolErrors.AUTHORIZATION_VIOLATION, "Authorization Violation");
                        return false;
                    }
                    switch (b)
                    {
                        case 'P': case 'p': state = OP_P; break;
                        case 'H': case 'h': state = OP_H; break;
                        case 'S': case 's': state = OP_S; break;
                        case 'U': case 'u': state = OP_U; break;
                        case 'C': case 'c': state = OP_C; break;
                        default: return parseError(buf, i, end);
                    }
                    break;
                case OP_P:
                    switch (b)
                    {
                        case 'U': case 'u': state = OP_PU; break;
                        case 'I': case 'i': state = OP_PI; break;
                        case 'O': case 'o': state = OP_PO; break;
                        default: return parseError(buf, i, end);
                    }
                    break;
                case OP_PU:
                    if (b != 'B' && b != 'b')
                    {
                        return parseError(buf, i, end);
                    }
                    state = OP_PUB;
                    break;
                case OP_PUB:
                    if (b != ' ' && b != '\t')
                    {
                        return parseError(buf, i, end);
                    }
                    state = OP_PUB_SPC;
                    break;
                case OP_HPUB:
                    if (b != ' ' && b != '\t')
                    {
                        return parseError(buf, i, end);
                    }
                    state = OP_HPUB_SPC;
                    break;
                case OP_SUB:
                    if (b != ' ' && b != '\t')
                    {
                        return parseError(buf, i, end);
                    }
                    state = OP_SUB_SPC;
                    break;
                case OP_UNSUB:
                    if (b != ' ' && b != '\t')
                    {
                        return parseError(buf, i, end);
                    }
                    state = OP_UNSUB_SPC;
                    break;
                case OP_CONNECT:
                    if (b != ' ' && b != '\t')
                    {
                        return parseError(buf, i, end);
                    }
                    state = OP_CONNECT_SPC;
                    break;
                case OP_PUB_SPC:
                case OP_HPUB_SPC:
                case OP_SUB_SPC:
                case OP_UNSUB_SPC:
                case OP_CONNECT_SPC:
                    if (b == ' ' || b == '\t')
                    {
                        break;
                    }
                    state = argStateAfterSpace(state);
                    argStart = i;
                    argInScratch = false;
                    argLen = 0;
                    // fall into the argument state with this byte
                    i--;
                    break;
                case PUB_ARG:
                case HPUB_ARG:
                case SUB_ARG:
                case UNSUB_ARG:
                case CONNECT_ARG:
                    if (b == '\n')
                    {
                        final DirectBuffer arg;
                        final int argOff;
                        int argEnd;
                        if (argInScratch)
                        {
                            arg = argBuf;
                            argOff = 0;
                            argEnd = argLen;
                        }
                        else
                        {
                            arg = buf;
                            argOff = argStart;
                            argEnd = i;
                        }
                        if (argEnd > argOff && arg.getByte(argEnd - 1) == '\r')
                        {
                            argEnd--;
                        }
                        argInScratch = false;
                        if (argEnd - argOff > maxControlLine)
                        {
                            return controlLineError(arg, argOff, argEnd - argOff);
                        }
                        final int argState = state;
                        state = OP_START;
                        final int next = dispatchArg(argState, arg, argOff, argEnd - argOff, buf, i + 1, end);
                        if (next < 0)
                        {
                            return next == -1;
                        }
                        i = next - 1;
                        argStart = i + 1;
                    }
                    else if (argInScratch)
                    {
                        argBuf.putByte(argLen++, b);
                    }
                    else
                    {
                        // The argument is a slice of this buffer: jump to its line end, eight bytes at a time.
                        i = indexOfNewline(buf, i + 1, end) - 1;
                    }
                    break;
                case OP_PI:
                    if (b != 'N' && b != 'n')
                    {
                        return parseError(buf, i, end);
                    }
                    state = OP_PIN;
                    break;
                case OP_PIN:
                    if (b != 'G' && b != 'g')
                    {
                        return parseError(buf, i, end);
                    }
                    state = OP_PING;
                    break;
                case OP_PING:
                    if (b == '\n')
                    {
                        state = OP_START;
                        if (trace)
                        {
                            handler.traceIn("PING", null, 0, -1);
                        }
                        if (!handler.onPing())
                        {
                            return false;
                        }
                    }
                    break;
                case OP_PO:
                    if (b != 'N' && b != 'n')
                    {
                        return parseError(buf, i, end);
                    }
                    state = OP_PON;
                    break;
                case OP_PON:
                    if (b != 'G' && b != 'g')
                    {
                        return parseError(buf, i, end);
                    }
                    state = OP_PONG;
                    break;
                case OP_PONG:
                    if (b == '\n')
                    {
                        state = OP_START;
                        if (trace)
                        {
                            handler.traceIn("PONG", null, 0, -1);
                        }
                        if (!handler.onPong())
                        {
                            return false;
                        }
                    }
                    break;
                case OP_H:
                    if (b != 'P' && b != 'p')
                    {
                        return parseError(buf, i, end);
                    }
                    state = OP_HP;
                    break;
                case OP_HP:
                    if (b != 'U' && b != 'u')
                    {
                        return parseError(buf, i, end);
                    }
                    state = OP_HPU;
                    break;
                case OP_HPU:
                    if (b != 'B' && b != 'b')
                    {
                        return parseError(buf, i, end);
                    }
                    state = OP_HPUB;
                    break;
                case OP_S:
                    if (b != 'U' && b != 'u')
                    {
                        return parseError(buf, i, end);
                    }
                    state = OP_SU;
                    break;
                case OP_SU:
                    if (b != 'B' && b != 'b')
                    {
                        return parseError(buf, i, end);
                    }
                    state = OP_SUB;
                    break;
                case OP_U:
                    if (b != 'N' && b != 'n')
                    {
                        return parseError(buf, i, end);
                    }
                    state = OP_UN;
                    break;
                case OP_UN:
                    if (b != 'S' && b != 's')
                    {
                        return parseError(buf, i, end);
                    }
                    state = OP_UNS;
                    break;
                case OP_UNS:
                    if (b != 'U' && b != 'u')
                    {
                        return parseError(buf, i, end);
                    }
                    state = OP_UNSU;
                    break;
                case OP_UNSU:
                    if (b != 'B' && b != 'b')
                    {
                        return parseError(buf, i, end);
                    }
                    state = OP_UNSUB;
                    break;
                case OP_C:
                    if (b != 'O' && b != 'o')
                    {
                        return parseError(buf, i, end);
                    }
                    state = OP_CO;
                    break;
                case OP_CO:
                    if (b != 'N' && b != 'n')
                    {
                        return parseError(buf, i, end);
                    }
                    state = OP_CON;
                    break;
                case OP_CON:
                    if (b != 'N' && b != 'n')
                    {
                        return parseError(buf, i, end);
                    }
                    state = OP_CONN;
                    break;
                case OP_CONN:
                    if (b != 'E' && b != 'e')
                    {
                        return parseError(buf, i, end);
                    }
                    state = OP_CONNE;
                    break;
                case OP_CONNE:
                    if (b != 'C' && b != 'c')
                    {
                        return parseError(buf, i, end);
                    }
                    state = OP_CONNEC;
                    break;
                case OP_CONNEC:
                    if (b != 'T' && b != 't')
                    {
                        return parseError(buf, i, end);
                    }
                    state = OP_CONNECT;
                    break;
                default:
                    return parseError(buf, i, end);
            }
        }

        // An argument split across reads: keep what we have in scratch, check the control line limit.
        if (isArgState(state) && !argInScratch)
        {
            final int from = argStart < 0 ? off : argStart;
            argLen = end - from;
            argBuf.putBytes(0, buf, from, argLen);
            argInScratch = true;
        }
        if (argInScratch && argLen > maxControlLine)
        {
            return controlLineError(argBuf, 0, argLen);
        }
        return true;
    }

    private static int argStateAfterSpace(final int spaceState)
    {
        switch (spaceState)
        {
            case OP_PUB_SPC: return PUB_ARG;
            case OP_HPUB_SPC: return HPUB_ARG;
            case OP_SUB_SPC: return SUB_ARG;
            case OP_UNSUB_SPC: return UNSUB_ARG;
            default: return CONNECT_ARG;
        }
    }

    private static boolean isArgState(final int state)
    {
        return state == PUB_ARG || state == HPUB_ARG || state == SUB_ARG || state == UNSUB_ARG || state == CONNECT_ARG;
    }

    /**
     * Handles a complete control line. Returns the index where parsing goes on, -1 when the rest of the buffer was
     * consumed into a split payload, -2 when the connection is closed.
     */
    private int dispatchArg(
        final int argState, final DirectBuffer arg, final int off, final int len,
        final DirectBuffer buf, final int next, final int end)
    {
        if (trace)
        {
            handler.traceIn(opName(argState), arg, off, len);
        }
        switch (argState)
        {
            case PUB_ARG:
            case HPUB_ARG:
                if (!parsePublishArgs(argState == HPUB_ARG, arg, off, len))
                {
                    return -2;
                }
                return startPayload(buf, next, end);
            case SUB_ARG:
                return parseSubscribe(arg, off, len) ? next : -2;
            case UNSUB_ARG:
                return parseUnsubscribe(arg, off, len) ? next : -2;
            default:
                resumeOffset = next;
                return handler.onConnect(arg, off, len) ? next : -2;
        }
    }

    /**
     * Where the bytes after the last CONNECT begin in the buffer that parse was given. When a handler stops the parser
     * at a CONNECT to finish it later (authentication off the event loop), it keeps the bytes from here and parses
     * them once the CONNECT is settled.
     */
    public int resumeOffset()
    {
        return resumeOffset;
    }

    private static String opName(final int argState)
    {
        switch (argState)
        {
            case PUB_ARG: return "PUB";
            case HPUB_ARG: return "HPUB";
            case SUB_ARG: return "SUB";
            case UNSUB_ARG: return "UNSUB";
            default: return "CONNECT";
        }
    }

    private final int[] tokenStarts = new int[8];
    private final int[] tokenEnds = new int[8];

    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long NEWLINES = 0x0A0A0A0A0A0A0A0AL;
    /** A byte below 0x21 (space, tab, CR, LF and other control bytes) in a word: {@code (w - this) & ~w & HIGHS}. */
    private static final long BELOW_0X21 = 0x2121212121212121L;

    /** The index of the first '\n' in [from, end), or end: a word at a time (the lowest flagged byte is exact). */
    private static int indexOfNewline(final DirectBuffer buf, final int from, final int end)
    {
        int i = from;
        for (; i + 8 <= end; i += 8)
        {
            final long x = buf.getLong(i, java.nio.ByteOrder.LITTLE_ENDIAN) ^ NEWLINES;
            final long t = (x - ONES) & ~x & HIGHS;
            if (t != 0)
            {
                return i + (Long.numberOfTrailingZeros(t) >>> 3);
            }
        }
        for (; i < end; i++)
        {
            if (buf.getByte(i) == '\n')
            {
                return i;
            }
        }
        return end;
    }

    /** Splits on spaces and tabs; returns the token count, or tokenStarts.length + 1 when there are too many. */
    private int split(final DirectBuffer arg, final int off, final int len)
    {
        int n = 0;
        int start = -1;
        final int end = off + len;
        for (int i = off; i <= end; i++)
        {
            if (start >= 0)
            {
                // Inside a token: skip words in which no byte could be a separator (all above 0x20).
                while (i + 8 <= end)
                {
                    final long w = arg.getLong(i, java.nio.ByteOrder.LITTLE_ENDIAN);
                    if (((w - BELOW_0X21) & ~w & HIGHS) != 0)
                    {
                        break;
                    }
                    i += 8;
                }
            }
            final boolean sep = i == end || isSpace(arg.getByte(i));
            if (sep)
            {
                if (start >= 0)
                {
                    if (n == tokenStarts.length)
                    {
                        return n + 1;
                    }
                    tokenStarts[n] = start;
                    tokenEnds[n] = i;
                    n++;
                    start = -1;
                }
            }
            else if (start < 0)
            {
                start = i;
            }
        }
        return n;
    }

    private static boolean isSpace(final byte b)
    {
        return b == ' ' || b == '\t' || b == '\r' || b == '\n';
    }

    private boolean parsePublishArgs(final boolean withHeaders, final DirectBuffer arg, final int off, final int len)
    {
        final String op = withHeaders ? "processHeaderPub" : "processPub";
        if (withHeaders && !headers)
        {
            handler.onProtocolViolation(null, "message headers not supported");
            return false;
        }
        final int n = split(arg, off, len);
        final int sizes = withHeaders ? 2 : 1;
        if (n != sizes + 1 && n != sizes + 2)
        {
            handler.onProtocolViolation(null, op + " Parse Error: " + quote(arg, off, len));
            return false;
        }
        pubArgBuf = arg;
        subjectOff = tokenStarts[0];
        subjectLen = tokenEnds[0] - subjectOff;
        if (n == sizes + 2)
        {
            replyOff = tokenStarts[1];
            replyLen = tokenEnds[1] - replyOff;
        }
        else
        {
            replyOff = 0;
            replyLen = 0;
        }
        final int sizeToken = n - 1;
        totalLen = (int)parseSize(arg, tokenStarts[sizeToken], tokenEnds[sizeToken]);
        if (withHeaders)
        {
            headerLen = (int)parseSize(arg, tokenStarts[sizeToken - 1], tokenEnds[sizeToken - 1]);
            if (headerLen < 0)
            {
                handler.onProtocolViolation(null, op + " Bad or Missing Header Size: " + quote(arg, off, len));
                return false;
            }
        }
        else
        {
            headerLen = -1;
        }
        if (totalLen < 0)
        {
            handler.onProtocolViolation(null, op + " Bad or Missing " + (withHeaders ? "Total " : "") + "Size: " +
                quote(arg, off, len));
            return false;
        }
        if (withHeaders && headerLen > totalLen)
        {
            handler.onProtocolViolation(null, op + " Header Size larger then TotalSize: " + quote(arg, off, len));
            return false;
        }
        if (maxPayload > 0 && totalLen > maxPayload)
        {
            handler.onProtocolViolation(ProtocolErrors.MAX_PAYLOAD_VIOLATION,
                "maximum payload exceeded: " + totalLen + " vs " + maxPayload);
            return false;
        }
        if (pedantic && !io.torus.core.subject.Subjects.isValidLiteral(arg, subjectOff, subjectLen))
        {
            return handler.onProtocolWarning(ProtocolErrors.INVALID_PUBLISH_SUBJECT);
        }
        return true;
    }

    /** The payload follows the control line; take it from the buffer, or start collecting it when it is split. */
    private int startPayload(final DirectBuffer buf, final int start, final int end)
    {
        final int frame = totalLen + 2;
        if (end - start >= frame)
        {
            if (buf.getByte(start + totalLen) != '\r' || buf.getByte(start + totalLen + 1) != '\n')
            {
                parseError(buf, start + totalLen, end);
                return -2;
            }
            if (trace)
            {
                handler.tracePayload(buf, start, totalLen);
            }
            if (!handler.onPublish(pubArgBuf, subjectOff, subjectLen, replyOff, replyLen,
                buf, start, headerLen, totalLen))
            {
                return -2;
            }
            return start + frame;
        }
        // Split payload: the arguments must outlive this read buffer too.
        if (pubArgBuf != argBuf)
        {
            final int from = subjectOff;
            final int to = Math.max(subjectOff + subjectLen, replyOff + replyLen);
            argBuf.putBytes(0, pubArgBuf, from, to - from);
            subjectOff -= from;
            if (replyLen > 0)
            {
                replyOff -= from;
            }
            pubArgBuf = argBuf;
        }
        msgHave = end - start;
        msgBuf.putBytes(0, buf, start, msgHave);
        state = MSG_PAYLOAD;
        return -1;
    }

    /** Returns the index after the payload frame, -1 when more bytes are needed, -2 when closed. */
    private int continuePayload(final DirectBuffer buf, final int off, final int end)
    {
        final int frame = totalLen + 2;
        final int take = Math.min(frame - msgHave, end - off);
        msgBuf.putBytes(msgHave, buf, off, take);
        msgHave += take;
        if (msgHave < frame)
        {
            return -1;
        }
        state = OP_START;
        if (msgBuf.getByte(totalLen) != '\r' || msgBuf.getByte(totalLen + 1) != '\n')
        {
            parseError(msgBuf, totalLen, frame);
            return -2;
        }
        if (trace)
        {
            handler.tracePayload(msgBuf, 0, totalLen);
        }
        if (!handler.onPublish(pubArgBuf, subjectOff, subjectLen, replyOff, replyLen,
            msgBuf, 0, headerLen, totalLen))
        {
            return -2;
        }
        return off + take;
    }

    private boolean parseSubscribe(final DirectBuffer arg, final int off, final int len)
    {
        final int n = split(arg, off, len);
        if (n == 2)
        {
            return handler.onSubscribe(arg, tokenStarts[0], tokenEnds[0] - tokenStarts[0], 0, 0,
                tokenStarts[1], tokenEnds[1] - tokenStarts[1]);
        }
        if (n == 3)
        {
            return handler.onSubscribe(arg, tokenStarts[0], tokenEnds[0] - tokenStarts[0],
                tokenStarts[1], tokenEnds[1] - tokenStarts[1], tokenStarts[2], tokenEnds[2] - tokenStarts[2]);
        }
        handler.onProtocolViolation(null, "processSub Parse Error: " + quote(arg, off, len));
        return false;
    }

    private boolean parseUnsubscribe(final DirectBuffer arg, final int off, final int len)
    {
        final int n = split(arg, off, len);
        if (n == 1)
        {
            return handler.onUnsubscribe(arg, tokenStarts[0], tokenEnds[0] - tokenStarts[0], -1);
        }
        if (n == 2)
        {
            final long max = parseSize(arg, tokenStarts[1], tokenEnds[1]);
            return handler.onUnsubscribe(arg, tokenStarts[0], tokenEnds[0] - tokenStarts[0], max);
        }
        handler.onProtocolViolation(null, "processUnsub Parse Error: " + quote(arg, off, len));
        return false;
    }

    /** Decimal digits only, as Go's parseSize: -1 when empty, not a number, or too long. */
    static long parseSize(final DirectBuffer buf, final int from, final int to)
    {
        final int len = to - from;
        if (len == 0 || len > 9)
        {
            return -1;
        }
        long n = 0;
        for (int i = from; i < to; i++)
        {
            final byte b = buf.getByte(i);
            if (b < '0' || b > '9')
            {
                return -1;
            }
            n = n * 10 + (b - '0');
        }
        return n;
    }

    private boolean parseError(final DirectBuffer buf, final int at, final int end)
    {
        handler.onProtocolViolation(ProtocolErrors.UNKNOWN_PROTOCOL_OPERATION,
            "Client parser ERROR, state=" + state + ", i=" + at + ": proto='" + quote(buf, at,
                snippetLength(at, end)) + "...'");
        state = OP_START;
        return false;
    }

    /** Go's {@code protoSnippet}: 32 bytes, or when fewer remain, all but the last (so "FOO\r\n" shows "FOO\r"). */
    private static int snippetLength(final int at, final int end)
    {
        if (at >= end)
        {
            return 0;
        }
        return at + PROTO_SNIPPET > end ? end - 1 - at : PROTO_SNIPPET;
    }

    private boolean controlLineError(final DirectBuffer arg, final int off, final int len)
    {
        handler.onProtocolViolation(ProtocolErrors.MAX_CONTROL_LINE_EXCEEDED,
            "maximum control line exceeded: max_control_line " + maxControlLine + ", Buffer len " + len +
                " (snip: " + quote(arg, off, Math.min(len, MAX_SNIPPET)) + "...)");
        state = OP_START;
        argInScratch = false;
        return false;
    }

    static String quote(final DirectBuffer buf, final int off, final int len)
    {
        final byte[] bytes = new byte[Math.max(0, len)];
        buf.getBytes(off, bytes);
        final StringBuilder sb = new StringBuilder(len + 2).append('"');
        for (final byte b : bytes)
        {
            if (b == '\r')
            {
                sb.append("\\r");
            }
            else if (b == '\n')
            {
                sb.append("\\n");
            }
            else if (b == '"')
            {
                sb.append("\\\"");
            }
            else if (b < 0x20 || b > 0x7e)
            {
                sb.append(String.format("\\x%02x", b & 0xff));
            }
            else
            {
                sb.append((char)b);
            }
        }
        return sb.append('"').toString();
    }

    /** For tests and tracing: the text of a region. */
    public static String text(final DirectBuffer buf, final int off, final int len)
    {
        final byte[] bytes = new byte[len];
        buf.getBytes(off, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
