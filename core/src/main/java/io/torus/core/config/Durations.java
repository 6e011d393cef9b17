package io.torus.core.config;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * Durations as the Go server reads them: Go's {@code time.ParseDuration} and {@code Duration.String}.
 *
 * <p>How a duration reaches the option-mapping code: the configuration lexer has no duration type.
 * {@code 2s}, {@code 300ms} and {@code 1h} unquoted are strings (a number followed by letters), and so
 * is anything quoted, e.g. {@code "1m"}; those are parsed here. But {@code 10} is an integer and, beware,
 * so are {@code 1m} (one million), {@code 2k} or {@code 1g} unquoted, because {@code k/m/g/t/p/e} are
 * size suffixes. The Go server takes an integer where it expects a duration as a number of seconds and
 * warns; {@link ConfigMap#getDuration(String)} does the same. {@code 1.5s} unquoted is a syntax error in
 * both servers (a float followed by a letter).
 */
public final class Durations {

    /** 1 << 63 as an unsigned 64-bit value: Go's bound on the magnitude of a duration in nanoseconds. */
    private static final long LIMIT = Long.MIN_VALUE;

    private static final Map<String, Long> UNITS = Map.of(
            "ns", 1L,
            "us", 1_000L,
            "\u00b5s", 1_000L, // micro sign
            "\u03bcs", 1_000L, // Greek small letter mu
            "ms", 1_000_000L,
            "s", 1_000_000_000L,
            "m", 60_000_000_000L,
            "h", 3_600_000_000_000L);

    private Durations() {
    }

    /**
     * Parses a duration such as {@code "300ms"}, {@code "-1.5h"} or {@code "2h45m"}: an optional sign,
     * then one or more decimal numbers each followed by a unit ({@code ns, us, µs, ms, s, m, h}).
     * {@code "0"} needs no unit.
     *
     * @throws IllegalArgumentException with Go's message, e.g. {@code time: missing unit in duration "10"}
     */
    public static Duration parse(String text) {
        int i = 0;
        int length = text.length();
        boolean negative = false;
        if (length > 0 && (text.charAt(0) == '-' || text.charAt(0) == '+')) {
            negative = text.charAt(0) == '-';
            i = 1;
        }
        if (text.substring(i).equals("0")) {
            return Duration.ZERO;
        }
        if (i == length) {
            throw invalid(text);
        }
        long total = 0; // unsigned
        while (i < length) {
            char c = text.charAt(i);
            if (!(c == '.' || isDigit(c))) {
                throw invalid(text);
            }
            // Integer part. The arithmetic is unsigned 64-bit, as in Go.
            long whole = 0;
            int begin = i;
            while (i < length && isDigit(text.charAt(i))) {
                if (Long.compareUnsigned(whole, Long.divideUnsigned(LIMIT, 10)) > 0) {
                    throw invalid(text);
                }
                whole = whole * 10 + (text.charAt(i) - '0');
                if (Long.compareUnsigned(whole, LIMIT) > 0) {
                    throw invalid(text);
                }
                i++;
            }
            boolean hasWhole = i != begin;
            // Fraction: digits beyond what fits are ignored, not an error.
            long fraction = 0;
            double scale = 1;
            boolean hasFraction = false;
            if (i < length && text.charAt(i) == '.') {
                i++;
                int fractionBegin = i;
                boolean overflow = false;
                while (i < length && isDigit(text.charAt(i))) {
                    if (!overflow) {
                        if (Long.compareUnsigned(fraction, (LIMIT - 1) / 10) > 0) {
                            overflow = true;
                        } else {
                            long next = fraction * 10 + (text.charAt(i) - '0');
                            if (Long.compareUnsigned(next, LIMIT) > 0) {
                                overflow = true;
                            } else {
                                fraction = next;
                                scale *= 10;
                            }
                        }
                    }
                    i++;
                }
                hasFraction = i != fractionBegin;
            }
            if (!hasWhole && !hasFraction) {
                throw invalid(text); // ".s" or "-.s"
            }
            int unitBegin = i;
            while (i < length && !(text.charAt(i) == '.' || isDigit(text.charAt(i)))) {
                i++;
            }
            if (i == unitBegin) {
                throw new IllegalArgumentException("time: missing unit in duration " + quote(text));
            }
            String unitName = text.substring(unitBegin, i);
            Long unit = UNITS.get(unitName);
            if (unit == null) {
                throw new IllegalArgumentException(
                        "time: unknown unit " + quote(unitName) + " in duration " + quote(text));
            }
            if (Long.compareUnsigned(whole, Long.divideUnsigned(LIMIT, unit)) > 0) {
                throw invalid(text);
            }
            long value = whole * unit;
            if (fraction != 0) {
                // Go computes the fraction in float64 to be exact for fractions of hours.
                double unsignedFraction = fraction >= 0 ? fraction : fraction + 0x1p64;
                value += (long) (unsignedFraction * (unit / scale));
                if (Long.compareUnsigned(value, LIMIT) > 0) {
                    throw invalid(text);
                }
            }
            total += value;
            if (Long.compareUnsigned(total, LIMIT) > 0) {
                throw invalid(text);
            }
        }
        if (negative) {
            return Duration.ofNanos(-total);
        }
        if (Long.compareUnsigned(total, Long.MAX_VALUE) > 0) {
            throw invalid(text);
        }
        return Duration.ofNanos(total);
    }

    /**
     * Formats like Go's {@code Duration.String()}: {@code 1h2m3.5s}, {@code 1m30s}, {@code 300ms},
     * {@code 1.5µs}, {@code 0s}. Useful to quote a value back to the user the way the Go server would.
     */
    public static String format(Duration duration) {
        long nanos;
        try {
            nanos = duration.toNanos();
        } catch (ArithmeticException e) {
            return duration.toString(); // beyond Go's range of about 292 years
        }
        if (nanos == 0) {
            return "0s";
        }
        boolean negative = nanos < 0;
        long u = negative ? -nanos : nanos; // Long.MIN_VALUE stays negative; handled as unsigned below
        StringBuilder out = new StringBuilder();
        if (Long.compareUnsigned(u, 1_000_000_000L) < 0) {
            String unit;
            int precision;
            if (u < 1_000L) {
                unit = "ns";
                precision = 0;
            } else if (u < 1_000_000L) {
                unit = "\u00b5s";
                precision = 3;
            } else {
                unit = "ms";
                precision = 6;
            }
            out.append(Long.toUnsignedString(Long.divideUnsigned(u, pow10(precision))));
            appendFraction(out, Long.remainderUnsigned(u, pow10(precision)), precision);
            out.append(unit);
        } else {
            long seconds = Long.divideUnsigned(u, 1_000_000_000L);
            long fraction = Long.remainderUnsigned(u, 1_000_000_000L);
            long hours = seconds / 3600;
            long minutes = (seconds / 60) % 60;
            if (hours > 0) {
                out.append(hours).append('h');
            }
            if (hours > 0 || minutes > 0) {
                out.append(minutes).append('m');
            }
            out.append(seconds % 60);
            appendFraction(out, fraction, 9);
            out.append('s');
        }
        return negative ? "-" + out : out.toString();
    }

    private static void appendFraction(StringBuilder out, long fraction, int precision) {
        if (fraction == 0) {
            return;
        }
        StringBuilder digits = new StringBuilder(Long.toString(fraction));
        while (digits.length() < precision) {
            digits.insert(0, '0');
        }
        int end = digits.length();
        while (digits.charAt(end - 1) == '0') {
            end--;
        }
        out.append('.').append(digits, 0, end);
    }

    private static long pow10(int exponent) {
        long value = 1;
        for (int i = 0; i < exponent; i++) {
            value *= 10;
        }
        return value;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("time: invalid duration " + quote(text));
    }

    /** Go's {@code time.quote}: double quotes, control and non-ASCII bytes as {@code \xNN}. */
    private static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        text.codePoints().forEach(cp -> {
            if (cp < ' ' || cp >= 0x80) {
                for (byte b : new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8)) {
                    out.append(String.format("\\x%02x", b & 0xFF));
                }
            } else {
                if (cp == '"' || cp == '\\') {
                    out.append('\\');
                }
                out.append((char) cp);
            }
        });
        return out.append('"').toString();
    }
}
