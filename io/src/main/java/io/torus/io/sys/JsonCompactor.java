package io.torus.io.sys;

/**
 * Turns a monitoring document written as Go's {@code json.MarshalIndent} writes it into what {@code json.Marshal}
 * writes, by dropping the whitespace outside strings: the system account's responses carry the same documents as
 * the HTTP endpoints, in the compact form Go publishes them.
 */
final class JsonCompactor
{
    private JsonCompactor()
    {
    }

    static String compact(final String json)
    {
        final StringBuilder sb = new StringBuilder(json.length());
        boolean inString = false;
        for (int i = 0; i < json.length(); i++)
        {
            final char c = json.charAt(i);
            if (inString)
            {
                sb.append(c);
                if (c == '\\')
                {
                    sb.append(json.charAt(++i));
                }
                else if (c == '"')
                {
                    inString = false;
                }
            }
            else if (c == '"')
            {
                inString = true;
                sb.append(c);
            }
            else if (c != ' ' && c != '\n' && c != '\r' && c != '\t')
            {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
