package io.torus.core.auth.jwt;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.nats.client.NKey;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Test-side JWT encoder: builds NATS v2 claims as JSON and signs {@code header.payload} with a jnats {@link NKey}, the
 * way the jwt library (and nsc) encodes them. Keys come from jnats ({@code NKey.createOperator/Account/User}).
 * <pre>
 * NKey op = TestJwts.operatorKey();
 * String opJwt = TestJwts.operator(op).nats("system_account", sysPub).sign(op);
 * String accJwt = TestJwts.account(pub(acc)).nats("limits", Map.of("conn", -1)).sign(op);
 * String userJwt = TestJwts.user(pub(user)).nats("pub", Map.of("allow", List.of("foo.>"))).sign(acc);
 * </pre>
 */
public final class TestJwts
{
    public static final String HEADER = "{\"typ\":\"JWT\",\"alg\":\"ed25519-nkey\"}";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final JsonFactory JSON = new JsonFactory();

    private TestJwts()
    {
    }

    public static NKey operatorKey()
    {
        try
        {
            return NKey.createOperator(RANDOM);
        }
        catch (final Exception e)
        {
            throw new IllegalStateException(e);
        }
    }

    public static NKey accountKey()
    {
        try
        {
            return NKey.createAccount(RANDOM);
        }
        catch (final Exception e)
        {
            throw new IllegalStateException(e);
        }
    }

    public static NKey userKey()
    {
        try
        {
            return NKey.createUser(RANDOM);
        }
        catch (final Exception e)
        {
            throw new IllegalStateException(e);
        }
    }

    /** The public key of a jnats key as a String. */
    public static String pub(final NKey key)
    {
        try
        {
            return new String(key.getPublicKey());
        }
        catch (final Exception e)
        {
            throw new IllegalStateException(e);
        }
    }

    /** Operator claims about {@code operator} (self-signed when signed with the same key). */
    public static Claims operator(final NKey operator)
    {
        return new Claims(pub(operator), "operator");
    }

    public static Claims account(final String accountPublicKey)
    {
        return new Claims(accountPublicKey, "account");
    }

    public static Claims user(final String userPublicKey)
    {
        return new Claims(userPublicKey, "user");
    }

    public static Claims activation(final String importingAccountPublicKey)
    {
        return new Claims(importingAccountPublicKey, "activation");
    }

    /** Signs any payload with the standard header: {@code b64(header).b64(payload).b64(sig)}. */
    public static String signRaw(final NKey signer, final String headerJson, final String payloadJson)
    {
        final Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        final String signed = b64.encodeToString(headerJson.getBytes(StandardCharsets.UTF_8)) + "." +
            b64.encodeToString(payloadJson.getBytes(StandardCharsets.UTF_8));
        try
        {
            final byte[] sig = signer.sign(signed.getBytes(StandardCharsets.UTF_8));
            return signed + "." + b64.encodeToString(sig);
        }
        catch (final Exception e)
        {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A version 1 JWT as nsc 1.x wrote it: {@code type}, {@code tags}, {@code issuer_account} at the top level (put
     * them in {@code payloadJson}), the signature over the encoded payload alone.
     */
    public static String signV1(final NKey signer, final String payloadJson)
    {
        final Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        final String payload = b64.encodeToString(payloadJson.getBytes(StandardCharsets.UTF_8));
        try
        {
            return b64.encodeToString("{\"typ\":\"jwt\",\"alg\":\"ed25519\"}".getBytes(StandardCharsets.UTF_8)) +
                "." + payload + "." + b64.encodeToString(signer.sign(payload.getBytes(StandardCharsets.UTF_8)));
        }
        catch (final Exception e)
        {
            throw new IllegalStateException(e);
        }
    }

    /** Signs the nonce as a client does: base64url without padding of the ed25519 signature of its bytes. */
    public static String signNonce(final NKey user, final String nonce)
    {
        try
        {
            return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(user.sign(nonce.getBytes(StandardCharsets.UTF_8)));
        }
        catch (final Exception e)
        {
            throw new IllegalStateException(e);
        }
    }

    /** Claims under construction: registered claims at the top, the rest under {@code nats}. */
    public static final class Claims
    {
        private final Map<String, Object> top = new LinkedHashMap<>();
        private final Map<String, Object> nats = new LinkedHashMap<>();

        Claims(final String subject, final String type)
        {
            top.put("jti", Long.toString(RANDOM.nextLong() & Long.MAX_VALUE, 32).toUpperCase());
            top.put("iat", System.currentTimeMillis() / 1000);
            top.put("iss", "");
            top.put("name", type + "-" + subject.substring(0, 6));
            top.put("sub", subject);
            nats.put("type", type);
            nats.put("version", 2);
        }

        /** Sets a registered claim ({@code exp}, {@code nbf}, {@code iat}, {@code name}, {@code aud}, ...). */
        public Claims set(final String claim, final Object value)
        {
            top.put(claim, value);
            return this;
        }

        /** Sets a field under {@code nats} (values: String, Number, Boolean, Map, List, null). */
        public Claims nats(final String field, final Object value)
        {
            nats.put(field, value);
            return this;
        }

        /** The claims JSON with {@code iss} set to the signer's public key. */
        public String json(final String issuer)
        {
            final Map<String, Object> all = new LinkedHashMap<>(top);
            all.put("iss", issuer);
            all.put("nats", nats);
            return toJson(all);
        }

        /** Encodes and signs with {@code signer}, which becomes {@code iss}. */
        public String sign(final NKey signer)
        {
            return signRaw(signer, HEADER, json(pub(signer)));
        }
    }

    public static String toJson(final Object value)
    {
        final StringWriter w = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(w))
        {
            write(g, value);
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    private static void write(final JsonGenerator g, final Object v) throws IOException
    {
        if (v == null)
        {
            g.writeNull();
        }
        else if (v instanceof String s)
        {
            g.writeString(s);
        }
        else if (v instanceof Boolean b)
        {
            g.writeBoolean(b);
        }
        else if (v instanceof Integer || v instanceof Long)
        {
            g.writeNumber(((Number)v).longValue());
        }
        else if (v instanceof Number n)
        {
            g.writeNumber(n.doubleValue());
        }
        else if (v instanceof Map<?, ?> m)
        {
            g.writeStartObject();
            for (final Map.Entry<?, ?> e : m.entrySet())
            {
                g.writeFieldName(String.valueOf(e.getKey()));
                write(g, e.getValue());
            }
            g.writeEndObject();
        }
        else if (v instanceof List<?> l)
        {
            g.writeStartArray();
            for (final Object o : l)
            {
                write(g, o);
            }
            g.writeEndArray();
        }
        else
        {
            throw new IllegalArgumentException("cannot write " + v.getClass());
        }
    }
}
