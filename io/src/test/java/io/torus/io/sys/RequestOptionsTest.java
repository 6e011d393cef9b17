package io.torus.io.sys;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RequestOptionsTest
{
    private static RequestOptions parse(final String service, final String json)
    {
        return RequestOptions.parse(service, json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shouldTurnGoOptionFieldsIntoTheEndpointsQueryParameters()
    {
        assertEquals("", parse("CONNZ", "").query());
        assertEquals("sort=bytes_to&auth=1&limit=2&state=closed&acc=A%2BB",
            parse("CONNZ", "{\"sort\":\"bytes_to\",\"auth\":true,\"offset\":0,\"limit\":2,\"state\":1," +
                "\"acc\":\"A+B\",\"unknown\":{\"x\":[1]},\"user\":null}").query());
        assertEquals("subs=detail", parse("CONNZ", "{\"subscriptions\":true,\"subscriptions_detail\":true}").query());
        assertEquals("state=all", parse("CONNZ", "{\"state\":2}").query());
        assertEquals("subs=1&test=foo.bar&acc=A",
            parse("SUBSZ", "{\"subscriptions\":true,\"test\":\"foo.bar\",\"account\":\"A\"}").query());
        assertEquals("acc=SYS", parse("ACCOUNTZ", "{\"account\":\"SYS\"}").query());
        // Options of documents whose features are off parse, and change nothing.
        assertEquals("", parse("JSZ", "{\"accounts\":true,\"limit\":3}").query());
    }

    @Test
    void shouldScopeToTheAccountOfTheSubject()
    {
        assertEquals("acc=A", parse("CONNZ", "").queryFor("A"));
        assertEquals("auth=1&limit=3&acc=%24G",
            parse("CONNZ", "{\"acc\":\"B\",\"auth\":true,\"limit\":3}").queryFor("$G"));
    }

    @Test
    void shouldRefuseValuesOfTheWrongTypeAsGoDoes()
    {
        assertEquals("json: cannot unmarshal string into Go struct field ConnzEventOptions.limit of type int",
            assertThrows(IllegalArgumentException.class, () -> parse("CONNZ", "{\"limit\":\"2\"}")).getMessage());
        assertEquals("json: cannot unmarshal number into Go struct field VarzEventOptions.server_name of type string",
            assertThrows(IllegalArgumentException.class, () -> parse("VARZ", "{\"server_name\":1}")).getMessage());
        assertEquals("json: cannot unmarshal array into Go value of type server.StatszEventOptions",
            assertThrows(IllegalArgumentException.class, () -> parse("STATSZ", "[1]")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> parse("CONNZ", "{bad"));
        assertThrows(IllegalArgumentException.class, () -> parse("CONNZ", "{} {}"));
    }

    @Test
    void shouldExcludeRequestsForOtherServersAsGoFilters()
    {
        assertFalse(parse("VARZ", "").excludes("srv-1", "0.0.0.0"));
        assertFalse(parse("VARZ", "{\"server_name\":\"rv-\"}").excludes("srv-1", "0.0.0.0"));
        assertTrue(parse("VARZ", "{\"server_name\":\"srv-2\"}").excludes("srv-1", "0.0.0.0"));
        assertFalse(parse("VARZ", "{\"host\":\"0.0\"}").excludes("srv-1", "0.0.0.0"));
        assertTrue(parse("VARZ", "{\"host\":\"10.1\"}").excludes("srv-1", "0.0.0.0"));
        // No cluster, tags nor JetStream domain here: asking for one leaves this server out.
        assertTrue(parse("VARZ", "{\"cluster\":\"c\"}").excludes("srv-1", "0.0.0.0"));
        assertTrue(parse("VARZ", "{\"tags\":[\"t\"]}").excludes("srv-1", "0.0.0.0"));
        assertTrue(parse("VARZ", "{\"domain\":\"d\"}").excludes("srv-1", "0.0.0.0"));
    }
}
