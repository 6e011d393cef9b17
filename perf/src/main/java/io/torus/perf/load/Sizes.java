package io.torus.perf.load;

import java.util.Locale;

/** Parses and prints message sizes the way people write them: 16, 128B, 4K, 64KB, 1M. */
public final class Sizes {
    private Sizes() {
    }

    public static int parse(String s) {
        String t = s.trim().toUpperCase(Locale.ROOT);
        if (t.endsWith("B")) {
            t = t.substring(0, t.length() - 1);
        }
        int mult = 1;
        if (t.endsWith("K")) {
            mult = 1024;
            t = t.substring(0, t.length() - 1);
        } else if (t.endsWith("M")) {
            mult = 1024 * 1024;
            t = t.substring(0, t.length() - 1);
        }
        try {
            return Math.toIntExact((long) Integer.parseInt(t.trim()) * mult);
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("not a size or count below 2G: '" + s + "' (examples: 16, 4K, 64KB, 1M)");
        }
    }

    public static String label(int size) {
        if (size >= 1024 * 1024 && size % (1024 * 1024) == 0) {
            return size / (1024 * 1024) + "MB";
        }
        if (size >= 1024 && size % 1024 == 0) {
            return size / 1024 + "KB";
        }
        return size + "B";
    }
}
