package io.torus.core.config;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The value of a string that contains escape sequences, assembled piece by piece.
 *
 * <p>The Go lexer builds such strings from bytes: {@code \x}XX inserts one raw byte, so {@code \xc3\xa9}
 * is "é". Java strings hold characters, so the pieces are kept as UTF-8 bytes and decoded at the end.
 * A byte that does not form valid UTF-8 (Go would keep it as is, e.g. {@code \xe9}) becomes the
 * Latin-1 character of the same value, the closest a Java string can get.
 */
final class EscapedText {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private boolean used;

    boolean isEmpty() {
        return !used;
    }

    void appendText(String text) {
        used = true;
        bytes.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }

    void appendByte(int b) {
        used = true;
        bytes.write(b);
    }

    /** Returns the assembled value and starts over. */
    String finish(String tail) {
        appendText(tail);
        String value = decode(bytes.toByteArray());
        bytes.reset();
        used = false;
        return value;
    }

    private static String decode(byte[] data) {
        StringBuilder out = new StringBuilder(data.length);
        int i = 0;
        while (i < data.length) {
            int length = validSequenceLength(data, i);
            if (length > 0) {
                out.append(new String(data, i, length, StandardCharsets.UTF_8));
                i += length;
            } else {
                out.append((char) (data[i] & 0xFF));
                i++;
            }
        }
        return out.toString();
    }

    /** Length of the well-formed UTF-8 sequence starting at {@code i}, or 0 if there is none. */
    private static int validSequenceLength(byte[] data, int i) {
        int b = data[i] & 0xFF;
        int length;
        int min;
        if (b < 0x80) {
            return 1;
        } else if (b >= 0xC2 && b <= 0xDF) {
            length = 2;
            min = 0x80;
        } else if (b >= 0xE0 && b <= 0xEF) {
            length = 3;
            min = 0x800;
        } else if (b >= 0xF0 && b <= 0xF4) {
            length = 4;
            min = 0x10000;
        } else {
            return 0;
        }
        if (i + length > data.length) {
            return 0;
        }
        int codePoint = b & (0xFF >> (length + 1));
        for (int k = 1; k < length; k++) {
            int c = data[i + k] & 0xFF;
            if ((c & 0xC0) != 0x80) {
                return 0;
            }
            codePoint = (codePoint << 6) | (c & 0x3F);
        }
        boolean surrogate = codePoint >= 0xD800 && codePoint <= 0xDFFF;
        return codePoint < min || codePoint > 0x10FFFF || surrogate ? 0 : length;
    }
}
