package io.torus.core.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;

/**
 * What a client declares in CONNECT (the Go server's {@code ClientOpts}). Absent {@code verbose}, {@code pedantic}
 * and {@code echo} mean true, as in Go, whose defaults are set before the JSON is applied.
 */
public final class ConnectOptions
{
    private static final JsonFactory JSON = new JsonFactory();

    public boolean verbose = true;
    public boolean pedantic = true;
    public boolean echo = true;
    public boolean tlsRequired;
    public boolean headers;
    public boolean noResponders;
    public int protocol;
    public String authToken;
    public String user;
    public String pass;
    public String name;
    public String lang;
    public String version;
    public String jwt;
    public String nkey;
    public String sig;
    public String account;
    public boolean newAccount;

    /** Parses the JSON of a CONNECT; throws IllegalArgumentException with the parser's reason when it is not JSON. */
    public static ConnectOptions parse(final byte[] json, final int off, final int len)
    {
        final ConnectOptions o = new ConnectOptions();
        try (JsonParser p = JSON.createParser(json, off, len))
        {
            if (p.nextToken() != JsonToken.START_OBJECT)
            {
                throw new IllegalArgumentException("CONNECT is not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME)
            {
                final String field = p.currentName();
                final JsonToken t = p.nextToken();
                switch (field)
                {
                    case "verbose": o.verbose = bool(p, t); break;
                    case "pedantic": o.pedantic = bool(p, t); break;
                    case "echo": o.echo = bool(p, t); break;
                    case "tls_required": o.tlsRequired = bool(p, t); break;
                    case "headers": o.headers = bool(p, t); break;
                    case "no_responders": o.noResponders = bool(p, t); break;
                    case "protocol": o.protocol = t == JsonToken.VALUE_NULL ? 0 : p.getIntValue(); break;
                    case "auth_token": o.authToken = string(p, t); break;
                    case "user": o.user = string(p, t); break;
                    case "pass": o.pass = string(p, t); break;
                    case "name": o.name = string(p, t); break;
                    case "lang": o.lang = string(p, t); break;
                    case "version": o.version = string(p, t); break;
                    case "jwt": o.jwt = string(p, t); break;
                    case "nkey": o.nkey = string(p, t); break;
                    case "sig": o.sig = string(p, t); break;
                    case "account": o.account = string(p, t); break;
                    case "new_account": o.newAccount = bool(p, t); break;
                    default: p.skipChildren(); break;
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT)
            {
                throw new IllegalArgumentException("unexpected " + p.currentToken() + " in CONNECT");
            }
        }
        catch (final IOException | RuntimeException e)
        {
            if (e instanceof IllegalArgumentException)
            {
                throw (IllegalArgumentException)e;
            }
            throw new IllegalArgumentException(e.getMessage().split("\n")[0], e);
        }
        return o;
    }

    private static boolean bool(final JsonParser p, final JsonToken t) throws IOException
    {
        if (t == JsonToken.VALUE_TRUE)
        {
            return true;
        }
        if (t == JsonToken.VALUE_FALSE || t == JsonToken.VALUE_NULL)
        {
            return false;
        }
        throw new IllegalArgumentException("json: cannot unmarshal " + p.getText() + " into a bool field " +
            p.currentName());
    }

    private static String string(final JsonParser p, final JsonToken t) throws IOException
    {
        if (t == JsonToken.VALUE_STRING)
        {
            return p.getText();
        }
        if (t == JsonToken.VALUE_NULL)
        {
            return null;
        }
        throw new IllegalArgumentException("json: cannot unmarshal " + p.getText() + " into a string field " +
            p.currentName());
    }
}
