package io.torus.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Size strings as the Go server's {@code getStorageSize} reads them. */
class SizesTest {

    @ParameterizedTest(name = "\"{0}\" = {1}")
    @CsvSource(delimiter = '|', value = {"''|0", "1K|1024", "512M|536870912", "1G|1073741824", "2T|2199023255552",
        "-1K|-1024"})
    void shouldParseSizesWith1024BasedSuffixes(String text, long bytes) {
        assertEquals(bytes, Sizes.parse(text));
    }

    @ParameterizedTest(name = "\"{0}\": {1}")
    @CsvSource(delimiter = '|', value = {
        "1GB|strconv.ParseInt: parsing \"1G\": invalid syntax",
        "1k|sizes defined as strings must end in K, M, G, T",
        "100|sizes defined as strings must end in K, M, G, T",
        "xG|strconv.ParseInt: parsing \"x\": invalid syntax",
        "99999999999T|size \"99999999999T\" is out of range"
    })
    void shouldRejectOtherSizesWithGoMessages(String text, String message) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, () -> Sizes.parse(text)).getMessage());
    }
}
