package io.torus.io.sys;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The JSON body of a {@code $SYS.REQ.SERVER} request, read as Go unmarshals its {@code *EventOptions}: the event
 * filter ({@code server_name}, {@code cluster}, {@code host}, {@code tags}, {@code domain}) and the document's own
 * options, which become the query parameters of the matching HTTP endpoint ({@code "limit":2} is {@code limit=2}).
 * Unknown fields are ignored, a value of the wrong JSON type is an error worded as Go's, null leaves the default.
 * One per request, on the system client's thread.
 */
final class RequestOptions
{
    private static final JsonFactory JSON = new JsonFactory();

    /** An option field: its Go type (for error texts) and the query parameter it becomes, or null when moot. */
    private record Field(String goType, String query)
    {
    }

    private static final Map<String, Field> FILTER = Map.of(
        "server_name", new Field("string", null),
        "cluster", new Field("string", null),
        "host", new Field("string", null),
        "tags", new Field("[]string", null),
        "domain", new Field("string", null));

    private static final Map<String, Map<String, Field>> OPTIONS = Map.ofEntries(
        Map.entry("CONNZ", Map.ofEntries(
            Map.entry("sort", new Field("server.SortOpt", "sort")),
            Map.entry("auth", new Field("bool", "auth")),
            Map.entry("subscriptions", new Field("bool", "subs")),
            Map.entry("subscriptions_detail", new Field("bool", "subs")),
            Map.entry("offset", new Field("int", "offset")),
            Map.entry("limit", new Field("int", "limit")),
            Map.entry("cid", new Field("uint64", "cid")),
            Map.entry("mqtt_client", new Field("string", null)),
            Map.entry("state", new Field("server.ConnState", "state")),
            Map.entry("user", new Field("string", "user")),
            Map.entry("acc", new Field("string", "acc")),
            Map.entry("filter_subject", new Field("string", null)))),
        Map.entry("SUBSZ", Map.of(
            "offset", new Field("int", "offset"),
            "limit", new Field("int", "limit"),
            "subscriptions", new Field("bool", "subs"),
            "account", new Field("string", "acc"),
            "test", new Field("string", "test"))),
        Map.entry("ACCOUNTZ", Map.of("account", new Field("string", "acc"))),
        Map.entry("ROUTEZ", Map.of(
            "subscriptions", new Field("bool", null),
            "subscriptions_detail", new Field("bool", null))),
        Map.entry("GATEWAYZ", Map.of(
            "name", new Field("string", null),
            "accounts", new Field("bool", null),
            "account_name", new Field("string", null))),
        Map.entry("LEAFZ", Map.of(
            "subscriptions", new Field("bool", null),
            "account", new Field("string", null))),
        Map.entry("JSZ", Map.of(
            "account", new Field("string", null),
            "accounts", new Field("bool", null),
            "streams", new Field("bool", null),
            "consumer", new Field("bool", null),
            "config", new Field("bool", null),
            "leader_only", new Field("bool", null),
            "offset", new Field("int", null),
            "limit", new Field("int", null))),
        Map.entry("HEALTHZ", Map.of(
            "js-enabled-only", new Field("bool", null),
            "js-server-only", new Field("bool", null))));

    private final StringBuilder query = new StringBuilder();
    private String serverName = "";
    private String cluster = "";
    private String host = "";
    private final List<String> tags = new ArrayList<>();
    private String domain = "";
    private boolean detail;

    private RequestOptions()
    {
    }

    /**
     * Reads a request body for a service (VARZ, CONNZ...); an empty body is all defaults.
     *
     * @throws IllegalArgumentException with the reason, worded as Go's {@code encoding/json} where it can be
     */
    static RequestOptions parse(final String service, final byte[] body)
    {
        final RequestOptions o = new RequestOptions();
        if (body.length == 0)
        {
            return o;
        }
        final Map<String, Field> fields = OPTIONS.getOrDefault(service, Map.of());
        final String struct = structName(service);
        try (JsonParser p = JSON.createParser(body))
        {
            final JsonToken first = p.nextToken();
            if (first != JsonToken.START_OBJECT)
            {
                throw new IllegalArgumentException("json: cannot unmarshal " + jsonType(first) +
                    " into Go value of type server." + struct);
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME)
            {
                final String name = p.currentName();
                final JsonToken v = p.nextToken();
                final Field f = FILTER.containsKey(name) ? FILTER.get(name) : fields.get(name);
                if (f == null || v == JsonToken.VALUE_NULL)
                {
                    p.skipChildren();
                    continue;
                }
                o.apply(p, v, name, f, struct);
            }
            if (t != JsonToken.END_OBJECT || p.nextToken() != null)
            {
                throw new IllegalArgumentException("invalid character after top-level value");
            }
        }
        catch (final JsonProcessingException e)
        {
            throw new IllegalArgumentException(e.getOriginalMessage(), e);
        }
        catch (final IOException e)
        {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        return o;
    }

    private void apply(final JsonParser p, final JsonToken v, final String name, final Field f, final String struct)
        throws IOException
    {
        final String type = f.goType();
        final String value;
        switch (type)
        {
            case "bool":
                expect(v == JsonToken.VALUE_TRUE || v == JsonToken.VALUE_FALSE, v, name, type, struct);
                value = v == JsonToken.VALUE_TRUE ? "1" : null;
                break;
            case "int":
            case "uint64":
            case "server.ConnState":
                expect(v == JsonToken.VALUE_NUMBER_INT && (type.equals("int") || p.getLongValue() >= 0), v, name,
                    type, struct);
                value = p.getLongValue() == 0 ? null : Long.toString(p.getLongValue());
                break;
            case "[]string":
                expect(v == JsonToken.START_ARRAY, v, name, type, struct);
                while (p.nextToken() == JsonToken.VALUE_STRING)
                {
                    tags.add(p.getText());
                }
                value = null;
                break;
            default:
                expect(v == JsonToken.VALUE_STRING, v, name, type, struct);
                value = p.getText().isEmpty() ? null : p.getText();
                break;
        }
        switch (name)
        {
            case "server_name": serverName = p.getText(); return;
            case "cluster": cluster = p.getText(); return;
            case "host": host = p.getText(); return;
            case "domain": domain = p.getText(); return;
            default: break;
        }
        if (f.query() == null || value == null)
        {
            return;
        }
        if (name.equals("subscriptions_detail"))
        {
            detail = true;
            return;
        }
        String q = value;
        if (type.equals("server.ConnState"))
        {
            q = "1".equals(value) ? "closed" : "2".equals(value) ? "all" : "open";
        }
        query.append(query.length() == 0 ? "" : "&").append(f.query()).append('=')
            .append(URLEncoder.encode(q, StandardCharsets.UTF_8));
    }

    private static void expect(final boolean ok, final JsonToken v, final String name, final String goType,
        final String struct)
    {
        if (!ok)
        {
            throw new IllegalArgumentException("json: cannot unmarshal " + jsonType(v) + " into Go struct field " +
                struct + "." + name + " of type " + goType);
        }
    }

    private static String jsonType(final JsonToken t)
    {
        if (t == null)
        {
            return "nothing";
        }
        switch (t)
        {
            case VALUE_STRING: return "string";
            case VALUE_NUMBER_INT: case VALUE_NUMBER_FLOAT: return "number";
            case VALUE_TRUE: case VALUE_FALSE: return "bool";
            case START_ARRAY: return "array";
            default: return "object";
        }
    }

    /** Go's name of the options type a service unmarshals into, for error texts. */
    private static String structName(final String service)
    {
        switch (service)
        {
            case "STATSZ": return "StatszEventOptions";
            case "VARZ": return "VarzEventOptions";
            case "CONNZ": return "ConnzEventOptions";
            case "SUBSZ": return "SubszEventOptions";
            case "ROUTEZ": return "RoutezEventOptions";
            case "GATEWAYZ": return "GatewayzEventOptions";
            case "LEAFZ": return "LeafzEventOptions";
            case "ACCOUNTZ": return "AccountzEventOptions";
            case "JSZ": return "JszEventOptions";
            case "HEALTHZ": return "HealthzEventOptions";
            default: return "EventFilterOptions";
        }
    }

    /** The query string for the HTTP endpoint ("" for none), URL-encoded. */
    String query()
    {
        if (detail)
        {
            // subscriptions_detail wins over subscriptions, as in Go's Connz.
            final String without = query.toString().replaceAll("(^|&)subs=1", "");
            return (without.isEmpty() ? "" : without.replaceFirst("^&", "") + "&") + "subs=detail";
        }
        return query.toString();
    }

    /** The query string with the account filter set to {@code account}, as Go's account-scoped services set it. */
    String queryFor(final String account)
    {
        final String rest = query().replaceAll("(^|&)acc=[^&]*", "").replaceFirst("^&", "");
        return (rest.isEmpty() ? "" : rest + "&") + "acc=" + URLEncoder.encode(account, StandardCharsets.UTF_8);
    }

    /**
     * Go's {@code filterRequest}: true when the request names another server, so this one stays silent. Torus has
     * no cluster, tags nor JetStream domain, so asking for any of those filters it out, as Go does when its own are
     * empty.
     */
    boolean excludes(final String ourName, final String ourHost)
    {
        return !serverName.isEmpty() && !ourName.contains(serverName) ||
            !host.isEmpty() && !ourHost.contains(host) ||
            !cluster.isEmpty() || !tags.isEmpty() || !domain.isEmpty();
    }
}
