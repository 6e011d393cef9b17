package io.torus.perf.load;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.time.Duration;

/** Connections through the official Java client, configured like an application would, but failing fast. */
final class Jnats {
    private Jnats() {
    }

    static Connection connect(Target target, String name) throws Exception {
        Options options = new Options.Builder()
                .server(target.url())
                .connectionName(name)
                .noEcho()
                .noReconnect() // a reconnect would hide a server crash inside a benchmark number
                .connectionTimeout(Duration.ofSeconds(5))
                .maxMessagesInOutgoingQueue(100_000)
                .build();
        return Nats.connect(options);
    }
}
