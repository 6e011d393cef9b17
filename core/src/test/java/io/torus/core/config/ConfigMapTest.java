package io.torus.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Typed access for option mapping: values, defaults, and errors that carry the position. */
class ConfigMapTest {

    private static final String CONF = String.join("\n",
            "port: 4222",
            "server_name: \"hub-1\"",
            "debug: true",
            "tls_timeout: 0.5",
            "auth_timeout: 2",
            "write_deadline: \"10s\"",
            "ping_interval: 120",
            "lame: 2m",
            "max_payload: 1MB",
            "max_file_store: \"512M\"",
            "bad_size: \"5MB\"",
            "bad_duration: \"5 sec\"",
            "big: 99999999999",
            "cluster { routes: [nats://a:6222, nats://b:6222] }",
            "publish: \"foo.>\"",
            "subscribe: [\"a\", 1 ]",
            "");

    private final ConfigMap conf = new ConfigParser(name -> null).parseString(CONF, "x.conf");

    private String errorOf(Runnable read) {
        return assertThrows(ConfigException.class, read::run).getMessage();
    }

    @Test
    void shouldReadTypedValues() {
        assertEquals(4222L, conf.getLong("port"));
        assertEquals(4222, conf.getInt("port"));
        assertEquals("hub-1", conf.getString("server_name"));
        assertTrue(conf.getBoolean("debug"));
        assertEquals(0.5, conf.getDouble("tls_timeout"));
        assertEquals(2.0, conf.getDouble("auth_timeout"));
        assertEquals(Duration.ofSeconds(10), conf.getDuration("write_deadline"));
        assertEquals(1L << 20, conf.getSize("max_payload"));
        assertEquals(512L << 20, conf.getSize("max_file_store"));
        assertEquals(List.of("nats://a:6222", "nats://b:6222"), conf.getMap("cluster").getStringList("routes"));
        assertEquals(List.of("foo.>"), conf.getStringList("publish"));
        assertEquals(2, conf.getMap("cluster").getList("routes").size());
    }

    @Test
    void shouldUseDefaultsOnlyForAbsentKeys() {
        assertEquals(6222, conf.getInt("cluster_port", 6222));
        assertEquals("x", conf.getString("nope", "x"));
        assertEquals(Duration.ofSeconds(2), conf.getDuration("nope", Duration.ofSeconds(2)));
        assertEquals(4222L, conf.getLong("port", 1));
        assertEquals("x.conf:3:1: field \"debug\" should be a string, got boolean true",
                errorOf(() -> conf.getString("debug", "x")));
    }

    @Test
    void shouldTakeAnIntegerDurationAsSecondsWithAGoStyleWarning() {
        assertEquals(Duration.ofSeconds(120), conf.getDuration("ping_interval"));
        assertEquals(List.of("x.conf:7:1: invalid use of field \"ping_interval\": ping_interval should be converted to a duration"),
                conf.warnings().stream().map(ConfigWarning::message).toList());
        // Unquoted 2m is the integer 2000000 (a size suffix), hence two million seconds, as in Go.
        assertEquals(Duration.ofSeconds(2_000_000), conf.getDuration("lame"));
    }

    @Test
    void shouldReportWrongTypesAtTheKey() {
        assertEquals("x.conf:1:1: field \"port\" should be a string, got integer 4222", errorOf(() -> conf.getString("port")));
        assertEquals("x.conf:2:1: field \"server_name\" should be an integer, got string \"hub-1\"",
                errorOf(() -> conf.getLong("server_name")));
        assertEquals("x.conf:14:1: field \"cluster\" should be an array, got map", errorOf(() -> conf.getList("cluster")));
        assertEquals("x.conf:13:1: field \"big\" is out of range: 99999999999", errorOf(() -> conf.getInt("big")));
        assertEquals("x.conf:3:1: field \"debug\" should be a duration, got boolean true",
                errorOf(() -> conf.getDuration("debug")));
        assertEquals("x.conf:12:1: error parsing bad_duration: time: unknown unit \" sec\" in duration \"5 sec\"",
                errorOf(() -> conf.getDuration("bad_duration")));
        assertEquals("x.conf:11:1: error parsing bad_size: strconv.ParseInt: parsing \"5M\": invalid syntax",
                errorOf(() -> conf.getSize("bad_size")));
        assertEquals("x.conf:16:18: array element 1 should be a string, got integer 1",
                errorOf(() -> conf.getStringList("subscribe")));
    }

    @Test
    void shouldReportAMissingRequiredKeyAtTheMap() {
        assertEquals("x.conf:14:9: missing required field \"name\"", errorOf(() -> conf.getMap("cluster").getString("name")));
    }

    @Test
    void shouldBuildGoStyleUnknownFieldErrors() {
        assertEquals("x.conf:14:11: unknown field \"routes\"", conf.getMap("cluster").unknownField("routes").getMessage());
        assertEquals("x.conf:1:1: port must be positive", conf.errorAt("port", "port must be positive").getMessage());
        assertEquals("x.conf:14:20", conf.getMap("cluster").getList("routes").positionOf(0).toString());
    }

    @Test
    void shouldBehaveAsReadOnlyOrderedMapsAndLists() {
        ConfigMap map = new ConfigParser(name -> null).parseString("b = 1\na = [x, {c: true}]\n");
        assertEquals(Map.of("b", 1L, "a", List.of("x", Map.of("c", true))), map);
        assertEquals(List.of("b", "a"), List.copyOf(map.keySet()));
        assertEquals("{b=1, a=[x, {c=true}]}", map.toString());
        assertThrows(UnsupportedOperationException.class, () -> map.put("z", 1L));
        assertThrows(UnsupportedOperationException.class, () -> map.getList("a").add("y"));
        assertThrows(UnsupportedOperationException.class, () -> map.entrySet().iterator().next().setValue(2L));
    }

    @Test
    void shouldDescribeValueKinds() {
        assertEquals(ValueKind.MAP, ValueKind.of(conf.get("cluster")));
        assertEquals(ValueKind.FLOAT, ValueKind.of(conf.get("tls_timeout")));
        assertEquals("an integer", ValueKind.INTEGER.description());
    }
}
