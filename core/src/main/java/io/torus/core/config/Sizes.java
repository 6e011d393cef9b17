package io.torus.core.config;

/**
 * Storage sizes written as strings, as the Go server reads {@code max_memory_store},
 * {@code max_file_store} and similar fields (its {@code getStorageSize}).
 *
 * <p>Unquoted sizes such as {@code 1GB} never get here: the lexer makes them integers (1024-based for
 * {@code KB/MB/GB/TB}, {@code Ki/Mi/...}, 1000-based for a bare {@code K/M/G/T}). A quoted size is a
 * string, and then only a number followed by one upper-case {@code K}, {@code M}, {@code G} or
 * {@code T}, all 1024-based, is accepted; the empty string means 0.
 */
public final class Sizes {

    private Sizes() {
    }

    /**
     * Parses a size string like {@code "512M"}.
     *
     * @throws IllegalArgumentException with Go's message if the string is not such a size
     */
    public static long parse(String text) {
        if (text.isEmpty()) {
            return 0;
        }
        String prefix = text.substring(0, text.length() - 1);
        long number = parseGoInt(prefix);
        int shift = switch (text.charAt(text.length() - 1)) {
            case 'K' -> 10;
            case 'M' -> 20;
            case 'G' -> 30;
            case 'T' -> 40;
            default -> throw new IllegalArgumentException("sizes defined as strings must end in K, M, G, T");
        };
        long limit = Long.MAX_VALUE >> shift;
        if (number > limit || number < -limit) {
            throw new IllegalArgumentException("size \"" + text + "\" is out of range");
        }
        return number << shift;
    }

    /** {@code strconv.ParseInt(s, 10, 64)}, with its error texts. */
    private static long parseGoInt(String s) {
        String digits = s.startsWith("-") || s.startsWith("+") ? s.substring(1) : s;
        if (digits.isEmpty() || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("strconv.ParseInt: parsing \"" + s + "\": invalid syntax");
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("strconv.ParseInt: parsing \"" + s + "\": value out of range");
        }
    }
}
