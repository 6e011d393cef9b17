package io.torus.io.monitor;

import io.torus.core.server.Account;
import io.torus.io.TorusServer;

/**
 * {@code /accountz}: the accounts, and with {@code acc=} one account's detail. Torus has the global account only and
 * no system account, so {@code system_account} is absent; the detail carries what Torus has (connections,
 * subscriptions, the subscription index's statistics), not imports, exports or JWT claims.
 */
final class AccountzEndpoint implements Endpoint
{
    private final TorusServer server;

    AccountzEndpoint(final TorusServer server)
    {
        this.server = server;
    }

    @Override
    public String render(final QueryParams q) throws BadRequestException
    {
        final String acc = q.get("acc");
        final Account account = acc.isEmpty() ? null : server.accounts().get(acc);
        if (!acc.isEmpty() && account == null)
        {
            throw new BadRequestException("Account " + acc + " does not exist");
        }
        final JsonWriter w = new JsonWriter().beginObject()
            .field("server_id", server.serverId())
            .field("now", GoFormat.rfc3339Nano(server.epochNanos(System.nanoTime())));
        if (acc.isEmpty())
        {
            w.name("accounts").beginArray();
            for (final Account a : server.accounts().all())
            {
                w.value(a.name());
            }
            w.endArray();
        }
        else
        {
            final Account global = account;
            w.name("account_detail").beginObject()
                .field("account_name", global.name())
                // Accounts are built at startup and never updated.
                .field("update_time", GoFormat.rfc3339Nano(server.startEpochNanos()))
                .field("expired", false)
                .field("complete", true)
                .field("jetstream_enabled", false)
                .field("leafnode_connections", 0)
                .field("client_connections", global.connectionCount())
                .field("subscriptions", global.subscriptions().count());
            w.name("sublist_stats").beginObject();
            SubszEndpoint.writeStats(w, global.subscriptions());
            w.endObject().endObject();
        }
        return w.endObject().toString();
    }
}
