package io.torus.io;

import io.torus.core.options.ServerOptions;

import java.util.function.Consumer;
import java.util.function.BooleanSupplier;

/** Starts real servers on free loopback ports for black-box tests. */
final class TestServers
{
    private TestServers()
    {
    }

    static TorusServer start(final Transport transport, final Consumer<ServerOptions> configure) throws Exception
    {
        final ServerOptions o = new ServerOptions();
        o.host = "127.0.0.1";
        o.port = 0;
        o.transport = transport.displayName();
        o.ioThreads = 2;
        o.ringSize = 1024;
        configure.accept(o);
        return new TorusServer(o).start();
    }

    /** Polls a condition until it holds or the timeout expires (instead of sleeping). */
    static void await(final long timeoutMs, final String what, final BooleanSupplier condition)
        throws InterruptedException
    {
        final long deadline = System.currentTimeMillis() + timeoutMs;
        while (!condition.getAsBoolean())
        {
            if (System.currentTimeMillis() > deadline)
            {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
    }
}
