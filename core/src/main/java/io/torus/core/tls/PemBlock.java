package io.torus.core.tls;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * One {@code -----BEGIN TYPE----- ... -----END TYPE-----} block of a PEM file, decoded, as Go's {@code pem.Decode}
 * finds them: text between blocks is skipped, headers (Proc-Type, DEK-Info) are skipped, a block whose base64 does
 * not decode is skipped.
 */
public record PemBlock(String type, byte[] der)
{
    private static final String BEGIN = "-----BEGIN ";
    private static final String END = "-----END ";
    private static final String DASHES = "-----";

    /** Every block of {@code bytes}, in order. */
    public static List<PemBlock> parseAll(final byte[] bytes)
    {
        final String text = new String(bytes, StandardCharsets.ISO_8859_1);
        final List<PemBlock> blocks = new ArrayList<>();
        int from = 0;
        while (true)
        {
            final int begin = text.indexOf(BEGIN, from);
            if (begin < 0)
            {
                return blocks;
            }
            final int typeEnd = text.indexOf(DASHES, begin + BEGIN.length());
            if (typeEnd < 0)
            {
                return blocks;
            }
            final String type = text.substring(begin + BEGIN.length(), typeEnd);
            final String endMarker = END + type + DASHES;
            final int end = text.indexOf(endMarker, typeEnd);
            if (end < 0)
            {
                return blocks;
            }
            final byte[] der = decodeBody(text.substring(typeEnd + DASHES.length(), end));
            if (der != null)
            {
                blocks.add(new PemBlock(type, der));
            }
            from = end + endMarker.length();
        }
    }

    private static byte[] decodeBody(final String body)
    {
        final StringBuilder b64 = new StringBuilder(body.length());
        for (final String line : body.split("\r?\n"))
        {
            if (line.contains(":"))
            {
                continue; // an RFC 1421 header such as Proc-Type or DEK-Info
            }
            for (int i = 0; i < line.length(); i++)
            {
                final char c = line.charAt(i);
                if (!Character.isWhitespace(c))
                {
                    b64.append(c);
                }
            }
        }
        try
        {
            return Base64.getDecoder().decode(b64.toString());
        }
        catch (final IllegalArgumentException e)
        {
            return null;
        }
    }
}
