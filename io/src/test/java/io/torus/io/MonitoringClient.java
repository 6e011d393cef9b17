package io.torus.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Fetches monitoring endpoints over HTTP with the JDK client and reads their JSON into maps and lists. (The JDK 17
 * client has nothing to close; its idle connections end with the servers.)
 */
final class MonitoringClient
{
    private static final JsonFactory JSON = new JsonFactory();

    private final HttpClient http;
    private final String base;

    MonitoringClient(final int port)
    {
        this("http://127.0.0.1:" + port);
    }

    MonitoringClient(final String base)
    {
        this.base = base;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    }

    /** For HTTPS monitoring: trusts what {@code tls} trusts. */
    MonitoringClient(final String base, final javax.net.ssl.SSLContext tls)
    {
        this.base = base;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).sslContext(tls).build();
    }

    HttpResponse<String> get(final String pathAndQuery) throws IOException, InterruptedException
    {
        return http.send(HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(Duration.ofSeconds(5))
            .build(), HttpResponse.BodyHandlers.ofString());
    }

    /** GET, expect 200 and a JSON object. */
    Map<String, Object> json(final String pathAndQuery) throws IOException, InterruptedException
    {
        final HttpResponse<String> r = get(pathAndQuery);
        assertEquals(200, r.statusCode(), pathAndQuery + ": " + r.body());
        assertEquals("application/json", r.headers().firstValue("content-type").orElse(""), pathAndQuery);
        return object(r.body());
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(final String json) throws IOException
    {
        try (JsonParser p = JSON.createParser(json))
        {
            p.nextToken();
            return (Map<String, Object>)read(p);
        }
    }

    private static Object read(final JsonParser p) throws IOException
    {
        final JsonToken t = p.currentToken();
        switch (t)
        {
            case START_OBJECT:
            {
                final Map<String, Object> m = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME)
                {
                    final String name = p.currentName();
                    p.nextToken();
                    m.put(name, read(p));
                }
                return m;
            }
            case START_ARRAY:
            {
                final List<Object> l = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY)
                {
                    l.add(read(p));
                }
                return l;
            }
            case VALUE_STRING: return p.getText();
            case VALUE_NUMBER_INT: return p.getLongValue();
            case VALUE_NUMBER_FLOAT: return p.getDoubleValue();
            case VALUE_TRUE: return true;
            case VALUE_FALSE: return false;
            case VALUE_NULL: return null;
            default: throw new IOException("unexpected " + t);
        }
    }
}
