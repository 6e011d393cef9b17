package io.torus.io.monitor;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Go's text formats, with expectations taken from Go's own output ({@code time.Duration.String}, RFC3339Nano). */
class GoFormatTest
{
    @Test
    void durationsReadAsGoPrintsThem()
    {
        assertEquals("0s", GoFormat.duration(0));
        assertEquals("999ns", GoFormat.duration(999));
        assertEquals("196µs", GoFormat.duration(196_000));
        assertEquals("1.399919ms", GoFormat.duration(1_399_919));
        assertEquals("1.5s", GoFormat.duration(1_500_000_000L));
        assertEquals("1m1.000000001s", GoFormat.duration(61_000_000_001L));
        assertEquals("2h0m0s", GoFormat.duration(7_200_000_000_000L));
        assertEquals("-1.5ms", GoFormat.duration(-1_500_000));
    }

    @Test
    void uptimeReadsAsGoMonitoringPrintsIt()
    {
        assertEquals("0s", GoFormat.uptime(999_999_999L));
        assertEquals("59s", GoFormat.uptime(59_000_000_000L));
        assertEquals("1m0s", GoFormat.uptime(60_000_000_000L));
        assertEquals("1h2m3s", GoFormat.uptime(3723_000_000_000L));
        assertEquals("1d0h0m1s", GoFormat.uptime(86_401_000_000_000L));
        assertEquals("1y1d0h0m0s", GoFormat.uptime(366L * 86_400_000_000_000L));
    }

    @Test
    void timesAreRfc3339NanoWithoutTrailingZeros()
    {
        assertEquals("2026-11-21T19:42:55.496918335Z", GoFormat.rfc3339Nano(1_795_290_175_496_918_335L));
        assertEquals("2026-11-21T19:42:55.4969Z", GoFormat.rfc3339Nano(1_795_290_175_496_900_000L));
        assertEquals("2026-11-21T19:42:55Z", GoFormat.rfc3339Nano(1_795_290_175_000_000_000L));
    }

    @Test
    void jsonIsIndentedAsGoMarshalIndent()
    {
        final String json = new JsonWriter().beginObject().field("a", 1).emptyObject("b").name("c").beginArray()
            .endArray().name("d").beginArray().value("x<y").endArray().field("e", 2.0).field("f", 0.25)
            .endObject().toString();
        assertEquals("{\n  \"a\": 1,\n  \"b\": {},\n  \"c\": [],\n  \"d\": [\n    \"x\\u003cy\"\n  ],\n" +
            "  \"e\": 2,\n  \"f\": 0.25\n}", json);
    }
}
