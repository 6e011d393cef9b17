package io.torus.io;

import io.nats.client.Connection;
import io.torus.core.options.ConfigFileOptions;
import io.torus.core.options.ServerOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Base of the black-box tests that start one server from a config file text: writes the file, starts the server on
 * a free port, and closes every client connection and the server after each test.
 */
abstract class ConfiguredServerTest
{
    @TempDir
    Path dir;
    TorusServer server;
    private final List<Connection> connections = new ArrayList<>();

    @AfterEach
    final void stopServerAndClients() throws InterruptedException
    {
        for (final Connection c : connections)
        {
            c.close();
        }
        connections.clear();
        if (server != null)
        {
            server.shutdown();
        }
    }

    /** Starts a server from {@code config}, then {@code more} on top of what the file set. */
    TorusServer start(final String config, final Consumer<ServerOptions> more) throws Exception
    {
        final Path file = dir.resolve("server.conf");
        Files.writeString(file, config);
        server = TestServers.start(Transport.NIO, o ->
        {
            ConfigFileOptions.apply(file, o);
            more.accept(o);
        });
        return server;
    }

    TorusServer start(final String config) throws Exception
    {
        return start(config, o -> { });
    }

    /** Closed after the test. */
    Connection track(final Connection c)
    {
        connections.add(c);
        return c;
    }
}
