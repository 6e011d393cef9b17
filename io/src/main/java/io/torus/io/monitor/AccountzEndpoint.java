package io.torus.io.monitor;

import io.torus.core.server.Account;
import io.torus.io.TorusServer;

/**
 * {@code /accountz}: the accounts, and with {@code acc=} one account's detail, with the system account's name as Go
 * writes it (absent when there is none). The detail carries what Torus has (connections, subscriptions, the
 * subscription index's statistics, {@code is_system}), not imports, exports or JWT claims.
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
        final Account system = server.accounts().system();
        if (system != null)
        {
            w.field("system_account", system.name());
        }
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
            w.name("account_detail").beginObject()
                .field("account_name", account.name())
                // Accounts are built at startup and never updated.
                .field("update_time", GoFormat.rfc3339Nano(server.startEpochNanos()));
            if (account == system)
            {
                w.field("is_system", true);
            }
            w.field("expired", false)
                .field("complete", true)
                .field("jetstream_enabled", false)
                .field("leafnode_connections", 0)
                .field("client_connections", account.connectionCount())
                .field("subscriptions", account.subscriptions().count());
            w.name("sublist_stats").beginObject();
            SubszEndpoint.writeStats(w, account.subscriptions());
            w.endObject().endObject();
        }
        return w.endObject().toString();
    }
}
