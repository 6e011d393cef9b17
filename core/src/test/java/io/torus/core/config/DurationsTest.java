package io.torus.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Go's {@code time.ParseDuration} and {@code Duration.String}, with the cases of Go's own tests. */
class DurationsTest {

    @ParameterizedTest(name = "{0} = {1}ns")
    @CsvSource(delimiter = '|', value = {
        "0|0", "5s|5000000000", "30s|30000000000", "1478s|1478000000000", "-5s|-5000000000", "+5s|5000000000",
        "-0|0", "+0|0", "5.0s|5000000000", "5.6s|5600000000", "5.s|5000000000", ".5s|500000000", "1.0s|1000000000",
        "1.00s|1000000000", "1.004s|1004000000", "1.0040s|1004000000", "100.00100s|100001000000",
        "10ns|10", "11us|11000", "12µs|12000", "12μs|12000", "13ms|13000000", "14s|14000000000",
        "15m|900000000000", "16h|57600000000000", "3h30m|12600000000000", "10.5s4m|250500000000",
        "-2m3.4s|-123400000000", "1h2m3s4ms5us6ns|3723004005006", "39h9m14.425s|140954425000000",
        "52763797000ns|52763797000", "0.3333333333333333333h|1200000000000",
        "9007199254740993ns|9007199254740993", "9223372036854775807ns|9223372036854775807",
        "9223372036854775.807us|9223372036854775807", "9223372036s854ms775us807ns|9223372036854775807",
        "-9223372036854775808ns|-9223372036854775808", "-9223372036854775.808us|-9223372036854775808",
        "-9223372036s854ms775us808ns|-9223372036854775808", "-2562047h47m16.854775808s|-9223372036854775808",
        "0.100000000000000000000h|360000000000", "0.830103483285477580700h|2988372539827",
        "300ms|300000000", "2s|2000000000", "1m|60000000000"
    })
    void shouldParseLikeGo(String text, long nanos) {
        assertEquals(Duration.ofNanos(nanos), Durations.parse(text));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"", "3", "-", "s", ".", "-.", ".s", "+.s", "1d", "\u0085\u0085", "\u00ffff",
        "hello \u00ffff world", "9223372036854775810ns", "9223372036854775808ns", "-9223372036854775809ns",
        "9223372036854775.808us", "-9223372036854775.809us", "1.5 s", "5sec"})
    void shouldRejectWhatGoRejects(String text) {
        assertThrows(IllegalArgumentException.class, () -> Durations.parse(text));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "''|time: invalid duration \"\"",
        "-|time: invalid duration \"-\"",
        "10|time: missing unit in duration \"10\"",
        "1d|time: unknown unit \"d\" in duration \"1d\"",
        "3.5x2s|time: unknown unit \"x\" in duration \"3.5x2s\"",
        "5é|time: unknown unit \"\\xc3\\xa9\" in duration \"5\\xc3\\xa9\"",
        "9223372036854775808ns|time: invalid duration \"9223372036854775808ns\""
    })
    void shouldUseGoErrorMessages(String text, String message) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, () -> Durations.parse(text)).getMessage());
    }

    @ParameterizedTest(name = "{0}ns formats as {1}")
    @CsvSource(delimiter = '|', value = {
        "0|0s", "1|1ns", "1100|1.1µs", "2200000|2.2ms", "3300000000|3.3s", "245000000000|4m5s",
        "245001000000|4m5.001s", "18367001000000|5h6m7.001s", "480000000001|8m0.000000001s",
        "3600000000000|1h0m0s", "300000000|300ms", "-1500000000|-1.5s",
        "9223372036854775807|2562047h47m16.854775807s", "-9223372036854775808|-2562047h47m16.854775808s"
    })
    void shouldFormatLikeGo(long nanos, String text) {
        assertEquals(text, Durations.format(Duration.ofNanos(nanos)));
    }
}
