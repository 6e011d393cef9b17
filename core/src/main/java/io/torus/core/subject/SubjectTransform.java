package io.torus.core.subject;

import java.util.ArrayList;
import java.util.List;

/**
 * Renames subjects matched by a source pattern into a destination, token by token: the n-th '*' of the source fills
 * the n-th '*' of the destination, a trailing '>' the destination's '>'; a destination without wildcards is taken
 * as it is; a prefix puts {@code prefix.} in front. Used where subjects cross accounts (imports), off the path of
 * messages that stay in their account.
 */
public final class SubjectTransform
{
    private final String[] source;
    private final String[] destination;
    private final String prefix;

    private SubjectTransform(final String source, final String destination, final String prefix)
    {
        this.source = source.split("\\.", -1);
        this.destination = destination == null ? null : destination.split("\\.", -1);
        this.prefix = prefix;
    }

    public static SubjectTransform identity(final String source)
    {
        return new SubjectTransform(source, null, null);
    }

    public static SubjectTransform to(final String source, final String destination)
    {
        return destination == null || destination.equals(source) ? identity(source) :
            new SubjectTransform(source, destination, null);
    }

    public static SubjectTransform prefixed(final String source, final String prefix)
    {
        return new SubjectTransform(source, null, prefix);
    }

    /** The destination of a literal subject the source pattern matched. */
    public String apply(final String subject)
    {
        if (prefix != null)
        {
            return prefix + "." + subject;
        }
        if (destination == null)
        {
            return subject;
        }
        final String[] tokens = subject.split("\\.", -1);
        final List<String> wild = new ArrayList<>();
        String rest = null;
        for (int i = 0; i < source.length && i < tokens.length; i++)
        {
            if ("*".equals(source[i]))
            {
                wild.add(tokens[i]);
            }
            else if (">".equals(source[i]))
            {
                rest = String.join(".", java.util.Arrays.copyOfRange(tokens, i, tokens.length));
                break;
            }
        }
        final StringBuilder out = new StringBuilder(subject.length() + 16);
        int w = 0;
        for (int i = 0; i < destination.length; i++)
        {
            if (i > 0)
            {
                out.append('.');
            }
            final String d = destination[i];
            if ("*".equals(d) && w < wild.size())
            {
                out.append(wild.get(w++));
            }
            else if (">".equals(d) && rest != null)
            {
                out.append(rest);
            }
            else
            {
                out.append(d);
            }
        }
        return out.toString();
    }
}
