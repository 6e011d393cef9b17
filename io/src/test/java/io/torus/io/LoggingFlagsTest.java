package io.torus.io;

import io.torus.core.options.ServerOptions;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Go server's logging flags, as its {@code ConfigureOptions} maps them. */
class LoggingFlagsTest
{
    private static ServerOptions parse(final String... args)
    {
        final ServerOptions o = new ServerOptions();
        CommandLine.parse(args).applyTo(o);
        return o;
    }

    @Test
    void verboseTraceFlagsTurnTraceOnAsGosDo()
    {
        final ServerOptions vv = parse("-VV");
        assertTrue(vv.trace && vv.traceVerbose);
        assertFalse(vv.debug);
        final ServerOptions dvv = parse("-DVV");
        assertTrue(dvv.trace && dvv.traceVerbose && dvv.debug);
        final ServerOptions dv = parse("-DV");
        assertTrue(dv.trace && dv.debug);
        assertFalse(dv.traceVerbose);
    }

    @Test
    void syslogLogSizeLimitAndMaxTracedMsgLen()
    {
        final ServerOptions o = parse("-s", "-r", "udp://127.0.0.1:514", "--log_size_limit", "4096",
            "--max_traced_msg_len=32");
        assertTrue(o.syslog);
        assertEquals("udp://127.0.0.1:514", o.remoteSyslog);
        assertEquals(4096, o.logSizeLimit);
        assertEquals(32, o.maxTracedMsgLen);
        assertEquals("tcp://h:1", parse("--remote_syslog", "tcp://h:1").remoteSyslog);
        assertTrue(parse("--syslog").syslog);
    }
}
