package io.torus.core.auth.jwt;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a JSON document into plain Java values (LinkedHashMap, ArrayList, String, Long or Double, Boolean, null) with
 * jackson-core's streaming parser, and reads fields back the way Go's encoding/json fills a struct: a key matches a
 * field exactly or, failing that, without regard to case; null or absent leaves the zero value; a value of the wrong
 * JSON type is an error. Used at CONNECT and config time only. Stateless and thread-safe.
 */
final class JsonTree
{
    private static final JsonFactory JSON = new JsonFactory();

    private JsonTree()
    {
    }

    static Map<String, Object> parseObject(final byte[] json)
    {
        try (JsonParser p = JSON.createParser(json))
        {
            if (p.nextToken() != JsonToken.START_OBJECT)
            {
                throw new JwtException("json: cannot unmarshal non-object into claims");
            }
            final Map<String, Object> m = readObject(p);
            if (p.nextToken() != null)
            {
                throw new JwtException("invalid character after top-level value");
            }
            return m;
        }
        catch (final com.fasterxml.jackson.core.JsonProcessingException e)
        {
            throw new JwtException("invalid JSON: " + e.getOriginalMessage());
        }
        catch (final IOException e)
        {
            throw new JwtException("invalid JSON: " + e.getMessage());
        }
    }

    private static Object read(final JsonParser p, final JsonToken t) throws IOException
    {
        switch (t)
        {
            case START_OBJECT:
                return readObject(p);
            case START_ARRAY:
            {
                final List<Object> list = new ArrayList<>();
                JsonToken e;
                while ((e = p.nextToken()) != JsonToken.END_ARRAY)
                {
                    list.add(read(p, e));
                }
                return list;
            }
            case VALUE_STRING:
                return p.getText();
            case VALUE_NUMBER_INT:
                return p.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? (Object)p.getDoubleValue() : (Object)p.getLongValue();
            case VALUE_NUMBER_FLOAT:
                return p.getDoubleValue();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default:
                throw new JwtException("invalid JSON token " + t);
        }
    }

    private static Map<String, Object> readObject(final JsonParser p) throws IOException
    {
        final Map<String, Object> m = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME)
        {
            final String name = p.currentName();
            m.put(name, read(p, p.nextToken()));
        }
        return m;
    }

    /** The value of a field, matched as Go matches struct fields; null when absent. */
    static Object field(final Map<String, Object> m, final String name)
    {
        if (m == null)
        {
            return null;
        }
        final Object exact = m.get(name);
        if (exact != null || m.containsKey(name))
        {
            return exact;
        }
        for (final Map.Entry<String, Object> e : m.entrySet())
        {
            if (e.getKey().equalsIgnoreCase(name))
            {
                return e.getValue();
            }
        }
        return null;
    }

    static String string(final Map<String, Object> m, final String name)
    {
        final Object v = field(m, name);
        if (v == null)
        {
            return "";
        }
        if (!(v instanceof String))
        {
            throw wrongType(v, name, "string");
        }
        return (String)v;
    }

    static long int64(final Map<String, Object> m, final String name, final long absent)
    {
        final Object v = field(m, name);
        if (v == null)
        {
            return absent;
        }
        if (!(v instanceof Long))
        {
            throw wrongType(v, name, "int64");
        }
        return (Long)v;
    }

    static boolean bool(final Map<String, Object> m, final String name)
    {
        final Object v = field(m, name);
        if (v == null)
        {
            return false;
        }
        if (!(v instanceof Boolean))
        {
            throw wrongType(v, name, "bool");
        }
        return (Boolean)v;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(final Map<String, Object> m, final String name)
    {
        final Object v = field(m, name);
        if (v == null)
        {
            return null;
        }
        if (!(v instanceof Map))
        {
            throw wrongType(v, name, "object");
        }
        return (Map<String, Object>)v;
    }

    @SuppressWarnings("unchecked")
    static List<Object> array(final Map<String, Object> m, final String name)
    {
        final Object v = field(m, name);
        if (v == null)
        {
            return null;
        }
        if (!(v instanceof List))
        {
            throw wrongType(v, name, "array");
        }
        return (List<Object>)v;
    }

    /** A list of strings; an absent field is an empty list. */
    static List<String> strings(final Map<String, Object> m, final String name)
    {
        final List<Object> a = array(m, name);
        if (a == null)
        {
            return List.of();
        }
        final List<String> out = new ArrayList<>(a.size());
        for (final Object o : a)
        {
            if (o != null && !(o instanceof String))
            {
                throw wrongType(o, name, "string");
            }
            out.add(o == null ? "" : (String)o);
        }
        return List.copyOf(out);
    }

    static JwtException wrongType(final Object v, final String field, final String goType)
    {
        return new JwtException("json: cannot unmarshal " + kind(v) + " into Go struct field " + field +
            " of type " + goType);
    }

    static String kind(final Object v)
    {
        if (v instanceof String)
        {
            return "string";
        }
        if (v instanceof Long || v instanceof Double)
        {
            return "number";
        }
        if (v instanceof Boolean)
        {
            return "bool";
        }
        if (v instanceof Map)
        {
            return "object";
        }
        return v instanceof List ? "array" : "null";
    }
}
