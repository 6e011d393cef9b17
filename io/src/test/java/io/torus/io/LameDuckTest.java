package io.torus.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.Socket;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class LameDuckTest
{
    @Test
    void shouldStopAcceptingTellClientsThenCloseThemAndShutDown() throws Exception
    {
        final TorusServer server = TestServers.start(Transport.select("auto", s -> { }), o ->
        {
            o.lameDuckGracePeriodNanos = TimeUnit.MILLISECONDS.toNanos(300);
            o.lameDuckDurationNanos = TimeUnit.MILLISECONDS.toNanos(400);
        });
        final int port = server.port();
        try (RawClient a = new RawClient(port); RawClient b = new RawClient(port))
        {
            a.connect("{\"verbose\":false,\"protocol\":1}").send("PING\r\n").readUntil("PONG\r\n");
            b.connect("{\"verbose\":false,\"protocol\":1}").send("PING\r\n").readUntil("PONG\r\n");
            final CountDownLatch done = new CountDownLatch(1);
            final long start = System.nanoTime();
            server.enterLameDuckMode(done::countDown);
            assertTrue(a.readUntil("\r\n", 3000).contains("\"ldm\":true"), "clients are told");
            assertTrue(b.readUntil("\r\n", 3000).contains("\"ldm\":true"));
            assertThrows(IOException.class, () -> new Socket("127.0.0.1", port).close(), "no longer accepting");
            a.send("PING\r\n").readUntil("PONG\r\n"); // still served during the grace period
            a.readUntilClosed(5000);
            b.readUntilClosed(5000);
            assertTrue(done.await(5, TimeUnit.SECONDS), "shut down after closing the clients");
            assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(300), "grace period respected");
        }
        finally
        {
            server.shutdown();
        }
    }
}
