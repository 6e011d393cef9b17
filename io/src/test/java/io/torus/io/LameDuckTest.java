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

    @Test
    void jnatsClientsOfALameDuckReconnectToAnotherServer() throws Exception
    {
        final TorusServer duck = TestServers.start(Transport.NIO, o ->
        {
            o.lameDuckGracePeriodNanos = TimeUnit.MILLISECONDS.toNanos(200);
            o.lameDuckDurationNanos = TimeUnit.MILLISECONDS.toNanos(300);
        });
        final TorusServer other = TestServers.start(Transport.NIO, o -> { });
        final CountDownLatch toldLameDuck = new CountDownLatch(1);
        final io.nats.client.Options options = new io.nats.client.Options.Builder()
            .servers(new String[] {"nats://127.0.0.1:" + duck.port(), "nats://127.0.0.1:" + other.port()})
            .noRandomize().reconnectWait(java.time.Duration.ofMillis(50)).maxReconnects(-1)
            .connectionListener((conn, event) ->
            {
                if (event == io.nats.client.ConnectionListener.Events.LAME_DUCK)
                {
                    toldLameDuck.countDown();
                }
            })
            .build();
        try (io.nats.client.Connection c = io.nats.client.Nats.connect(options))
        {
            assertTrue(c.getConnectedUrl().endsWith(":" + duck.port()));
            duck.enterLameDuckMode(() -> { });
            assertTrue(toldLameDuck.await(5, TimeUnit.SECONDS), "jnats saw ldm in INFO");
            TestServers.await(10_000, "reconnected to the other server", () ->
                c.getStatus() == io.nats.client.Connection.Status.CONNECTED &&
                    c.getConnectedUrl() != null && c.getConnectedUrl().endsWith(":" + other.port()));
            final io.nats.client.Subscription sub = c.subscribe("after.ldm");
            c.publish("after.ldm", "still here".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            assertTrue(sub.nextMessage(java.time.Duration.ofSeconds(2)) != null, "served by the other server");
        }
        finally
        {
            duck.shutdown();
            other.shutdown();
        }
    }
}
