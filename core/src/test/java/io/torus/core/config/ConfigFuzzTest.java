package io.torus.core.config;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random input made of the language's special characters (after Go's {@code conf/fuzz.go}): the
 * parser must end, either with a result or with a {@link ConfigException}, never another exception.
 */
class ConfigFuzzTest {

    private static final String[] PIECES = {"a", "b1", "include", " ", "\t", "\n", "\r\n", "=", ":", "{", "}", "[", "]",
        "(", ")\n", "\n)", ",", ";", "#", "//", "/", "\"", "'", "\\", "\\x4", "\\n", "$", "$a", "$2a$1", "1", "-", ".",
        "1.5", "127.0.0.1:4222", "1k", "2GB", "2016-05-04T18:53:41Z", "2016-", "true", "é", "🚀", "\0"};

    @Test
    void shouldEndWithAResultOrAConfigExceptionOnRandomInput() {
        Random random = new Random(20261121L);
        ConfigParser parser = new ConfigParser(name -> name.equals("ENV") ? "{ x: $ENV }" : null);
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            for (int run = 0; run < 20_000; run++) {
                StringBuilder input = new StringBuilder();
                int pieces = 1 + random.nextInt(30);
                for (int i = 0; i < pieces; i++) {
                    input.append(PIECES[random.nextInt(PIECES.length)]);
                }
                try {
                    parser.parseString(input.toString());
                } catch (ConfigException expected) {
                    // fine: bad input is reported
                } catch (RuntimeException e) {
                    fail("input " + input.toString().replace("\n", "\\n") + " threw " + e, e);
                }
            }
        });
    }
}
