package io.torus.core.config;

import java.util.Arrays;

/**
 * Turns character offsets of one source text into {@link ConfigPosition}s. Lines are separated by
 * {@code \n} only (a {@code \r} is part of the line, as in the Go lexer); columns count code points
 * so that a key after an emoji is still reported at the column an editor shows.
 */
final class LineIndex {

    private final String source;
    private final String text;
    private final int[] lineStarts;

    LineIndex(String source, String text) {
        this.source = source;
        this.text = text;
        int[] starts = new int[16];
        int count = 0;
        starts[count++] = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                if (count == starts.length) {
                    starts = Arrays.copyOf(starts, count * 2);
                }
                starts[count++] = i + 1;
            }
        }
        this.lineStarts = Arrays.copyOf(starts, count);
    }

    String source() {
        return source;
    }

    ConfigPosition positionOf(int offset) {
        int clamped = Math.max(0, Math.min(offset, text.length()));
        int found = Arrays.binarySearch(lineStarts, clamped);
        int lineIndex = found >= 0 ? found : -found - 2;
        int column = text.codePointCount(lineStarts[lineIndex], clamped) + 1;
        return new ConfigPosition(source, lineIndex + 1, column);
    }
}
