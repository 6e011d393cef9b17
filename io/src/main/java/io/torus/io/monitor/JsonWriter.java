package io.torus.io.monitor;

import java.util.ArrayDeque;

/**
 * Writes JSON as Go's {@code json.MarshalIndent(v, "", "  ")} does, so the documents read the same as the Go
 * server's: two-space indent, {@code "key": value}, {@code {}} and {@code []} when empty, whole floats without a
 * fraction; or, made by {@link #compact()}, as {@code json.Marshal} does (no whitespace), for the messages the
 * system account publishes. One writer per response, on the thread that renders it.
 */
public final class JsonWriter
{
    private final StringBuilder sb = new StringBuilder(1024);
    /** Per open container: has it had a member yet. */
    private final ArrayDeque<boolean[]> stack = new ArrayDeque<>();
    private final boolean indent;
    private boolean afterName;

    public JsonWriter()
    {
        this(true);
    }

    private JsonWriter(final boolean indent)
    {
        this.indent = indent;
    }

    /** A writer without indentation, as Go's {@code json.Marshal}. */
    public static JsonWriter compact()
    {
        return new JsonWriter(false);
    }

    /** Appends an already encoded JSON value (a document rendered elsewhere) as the next value. */
    public JsonWriter rawValue(final String json)
    {
        beforeValue();
        sb.append(json);
        return this;
    }

    public JsonWriter beginObject()
    {
        beforeValue();
        sb.append('{');
        stack.push(new boolean[1]);
        return this;
    }

    public JsonWriter endObject()
    {
        return end('}');
    }

    public JsonWriter beginArray()
    {
        beforeValue();
        sb.append('[');
        stack.push(new boolean[1]);
        return this;
    }

    public JsonWriter endArray()
    {
        return end(']');
    }

    public JsonWriter name(final String name)
    {
        beforeValue();
        quote(name);
        sb.append(indent ? ": " : ":");
        afterName = true;
        return this;
    }

    public JsonWriter value(final String s)
    {
        beforeValue();
        if (s == null)
        {
            sb.append("null");
        }
        else
        {
            quote(s);
        }
        return this;
    }

    public JsonWriter value(final long v)
    {
        beforeValue();
        sb.append(v);
        return this;
    }

    public JsonWriter value(final double v)
    {
        beforeValue();
        if (v == Math.rint(v) && !Double.isInfinite(v) && Math.abs(v) < 1e21)
        {
            sb.append((long)v);
        }
        else if (Double.isNaN(v) || Double.isInfinite(v))
        {
            sb.append('0');
        }
        else
        {
            sb.append(v);
        }
        return this;
    }

    public JsonWriter value(final boolean v)
    {
        beforeValue();
        sb.append(v);
        return this;
    }

    public JsonWriter nullValue()
    {
        beforeValue();
        sb.append("null");
        return this;
    }

    public JsonWriter field(final String name, final String v)
    {
        return name(name).value(v);
    }

    public JsonWriter field(final String name, final long v)
    {
        return name(name).value(v);
    }

    public JsonWriter field(final String name, final double v)
    {
        return name(name).value(v);
    }

    public JsonWriter field(final String name, final boolean v)
    {
        return name(name).value(v);
    }

    /** An empty object, as Go writes a struct whose fields are all omitted: {@code {}}. */
    public JsonWriter emptyObject(final String name)
    {
        return name(name).beginObject().endObject();
    }

    @Override
    public String toString()
    {
        return sb.toString();
    }

    private void beforeValue()
    {
        if (afterName)
        {
            afterName = false;
            return;
        }
        final boolean[] top = stack.peek();
        if (top != null)
        {
            if (top[0])
            {
                sb.append(',');
            }
            top[0] = true;
            newline(stack.size());
        }
    }

    private JsonWriter end(final char c)
    {
        final boolean[] top = stack.pop();
        if (top[0])
        {
            newline(stack.size());
        }
        sb.append(c);
        return this;
    }

    private void newline(final int depth)
    {
        if (!indent)
        {
            return;
        }
        sb.append('\n');
        for (int i = 0; i < depth; i++)
        {
            sb.append("  ");
        }
    }

    private void quote(final String s)
    {
        sb.append('"');
        for (int i = 0; i < s.length(); i++)
        {
            final char c = s.charAt(i);
            switch (c)
            {
                case '"': sb.append("\\\""); break;
                case '\\': sb.append("\\\\"); break;
                case '\n': sb.append("\\n"); break;
                case '\r': sb.append("\\r"); break;
                case '\t': sb.append("\\t"); break;
                // Go escapes these for HTML safety; keep the output identical.
                case '<': sb.append("\\u003c"); break;
                case '>': sb.append("\\u003e"); break;
                case '&': sb.append("\\u0026"); break;
                default:
                    if (c < 0x20)
                    {
                        sb.append(String.format("\\u%04x", (int)c));
                    }
                    else
                    {
                        sb.append(c);
                    }
            }
        }
        sb.append('"');
    }
}
