package io.torus.io.monitor;

/** One subscription as {@code /connz?subs=detail} and {@code /subsz?subs=1} show it (Go's {@code SubDetail}). */
public record SubDetail(String account, String subject, String queue, String sid, long msgs, long max, long cid)
{
    void write(final JsonWriter w, final boolean withAccount)
    {
        w.beginObject();
        if (withAccount && account != null)
        {
            w.field("account", account);
        }
        w.field("subject", subject);
        if (queue != null)
        {
            w.field("qgroup", queue);
        }
        w.field("sid", sid).field("msgs", msgs);
        if (max > 0)
        {
            w.field("max", max);
        }
        w.field("cid", cid).endObject();
    }
}
