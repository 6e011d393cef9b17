package io.torus.io.monitor;

import io.torus.core.server.Account;
import io.torus.io.TorusServer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * {@code /connz}: open and recently closed client connections, with Go's query parameters ({@code sort},
 * {@code limit} (default 1024), {@code offset}, {@code subs=true|1|detail}, {@code state=open|closed|all},
 * {@code cid}, {@code auth}, {@code user}, {@code acc}), Go's sort orders and Go's 400 texts for malformed
 * parameters.
 */
final class ConnzEndpoint implements Endpoint
{
    static final int DEFAULT_LIMIT = 1024;

    private final TorusServer server;

    ConnzEndpoint(final TorusServer server)
    {
        this.server = server;
    }

    @Override
    public String render(final QueryParams q) throws BadRequestException
    {
        final String sortName = q.get("sort");
        final boolean auth = q.bool("auth");
        final boolean detail = "detail".equals(q.get("subs").toLowerCase(Locale.ROOT));
        final boolean subs = detail || q.bool("subs");
        int offset = q.integer("offset");
        int limit = q.integer("limit");
        final long cid = q.unsigned("cid");
        final String state = state(q.get("state"));
        final String user = q.get("user");
        final String account = q.get("acc");

        final long now = server.epochNanos(System.nanoTime());
        final Comparator<ConnInfo> order = order(sortName.isEmpty() ? "cid" : sortName, now);
        if (("stop".equals(sortName) || "reason".equals(sortName)) && !"closed".equals(state))
        {
            throw new BadRequestException("sort by " + sortName + " only valid on closed connections");
        }
        offset = Math.max(offset, 0);
        if (limit <= 0)
        {
            limit = DEFAULT_LIMIT;
        }
        if (cid > 0)
        {
            limit = 1;
        }

        final boolean open = !"closed".equals(state);
        final boolean closed = !"open".equals(state);
        final List<ConnInfo> closedList = closed ? server.closedConnections().snapshot() : List.of();
        // As Go, "total" counts every connection in the state asked for, before a cid filter.
        final int total = (open ? server.openConnections().size() : 0) + closedList.size();

        final List<ConnInfo> conns = new ArrayList<>();
        if (!account.isEmpty() && server.accounts().get(account) == null)
        {
            // An unknown account: nothing matches, as Go answers.
            return new JsonWriter().beginObject().field("server_id", server.serverId())
                .field("now", GoFormat.rfc3339Nano(now)).field("num_connections", 0).field("total", 0)
                .field("offset", offset).field("limit", limit).name("connections").beginArray().endArray()
                .endObject().toString();
        }
        if (cid > 0)
        {
            final MonitoredConnection c = open ? server.openConnection(cid) : null;
            if (c != null)
            {
                conns.add(c.snapshot(subs));
            }
            for (final ConnInfo ci : closedList)
            {
                if (ci.cid() == cid && conns.isEmpty())
                {
                    conns.add(ci);
                }
            }
        }
        else
        {
            if (open)
            {
                for (final MonitoredConnection c : server.openConnections())
                {
                    conns.add(c.snapshot(subs));
                }
            }
            conns.addAll(closedList);
        }
        if (!user.isEmpty())
        {
            conns.removeIf(ci -> !user.equals(ci.user()));
        }
        if (!account.isEmpty())
        {
            conns.removeIf(ci -> !account.equals(ci.account()));
        }
        conns.sort(order.thenComparingLong(ConnInfo::cid));

        final int from = Math.min(offset, conns.size());
        final int to = (int)Math.min((long)offset + limit, conns.size());
        final List<ConnInfo> page = conns.subList(from, to);

        final JsonWriter w = new JsonWriter().beginObject()
            .field("server_id", server.serverId())
            .field("now", GoFormat.rfc3339Nano(now))
            .field("num_connections", page.size())
            .field("total", total)
            .field("offset", offset)
            .field("limit", limit);
        w.name("connections").beginArray();
        for (final ConnInfo ci : page)
        {
            ci.write(w, now, subs, detail, auth);
        }
        return w.endArray().endObject().toString();
    }

    private static String state(final String s) throws BadRequestException
    {
        switch (s.toLowerCase(Locale.ROOT))
        {
            case "":
            case "open":
                return "open";
            case "closed":
                return "closed";
            case "any":
            case "all":
                return "all";
            default:
                throw new BadRequestException("Error decoding state for " + s);
        }
    }

    /** Go's orders ({@code monitor_sort_opts.go}): counters descending, cid and uptime ascending. */
    private static Comparator<ConnInfo> order(final String sort, final long now) throws BadRequestException
    {
        switch (sort)
        {
            case "cid":
            case "start":
                return Comparator.comparingLong(ConnInfo::cid);
            case "subs":
                return Comparator.comparingInt(ConnInfo::subscriptions).reversed();
            case "pending":
                return Comparator.comparingLong(ConnInfo::pendingBytes).reversed();
            case "msgs_to":
                return Comparator.comparingLong(ConnInfo::outMsgs).reversed();
            case "msgs_from":
                return Comparator.comparingLong(ConnInfo::inMsgs).reversed();
            case "bytes_to":
                return Comparator.comparingLong(ConnInfo::outBytes).reversed();
            case "bytes_from":
                return Comparator.comparingLong(ConnInfo::inBytes).reversed();
            case "last":
                return Comparator.comparingLong(ConnInfo::lastActivityEpochNanos).reversed();
            case "idle":
                // Go 2.9.10 orders "idle" by last activity minus start, longest first.
                return Comparator.comparingLong((ConnInfo c) -> c.lastActivityEpochNanos() - c.startEpochNanos())
                    .reversed();
            case "uptime":
                return Comparator.comparingLong((ConnInfo c) -> c.isClosed()
                    ? c.stopEpochNanos() - c.startEpochNanos() : now - c.startEpochNanos());
            case "stop":
                return Comparator.comparingLong(ConnInfo::stopEpochNanos).reversed();
            case "reason":
                return Comparator.comparing(ConnInfo::reason);
            default:
                throw new BadRequestException("invalid sorting option: " + sort);
        }
    }
}
