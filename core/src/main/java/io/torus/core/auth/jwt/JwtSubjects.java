package io.torus.core.auth.jwt;

/**
 * Subject rules of the jwt library: a subject is non-empty and has no spaces; renaming subjects with {@code $N}
 * references; its textual wildcard and containment tests (not a full subject parse, as the library's). Stateless.
 */
public final class JwtSubjects
{
    private JwtSubjects()
    {
    }

    static void subject(final String v, final ValidationResults vr)
    {
        if (v.isEmpty())
        {
            vr.addError("subject cannot be empty");
        }
        if (v.contains(" "))
        {
            vr.addError("subject \"" + v + "\" cannot have spaces");
        }
    }

    static void renamingSubject(final String s, final String from, final ValidationResults vr)
    {
        subject(s, vr);
        if (from.isEmpty())
        {
            vr.addError("subject cannot be empty");
        }
        if (s.contains(" "))
        {
            vr.addError("subject \"" + s + "\" cannot have spaces");
        }
        if (endsInFwc(s) != endsInFwc(from))
        {
            vr.addError("both, renaming subject and subject, need to end or not end in >");
        }
        final int fromCnt = countTokenWildcards(from);
        int refCnt = 0;
        for (final String tk : s.split("\\.", -1))
        {
            if (tk.equals("*"))
            {
                refCnt++;
            }
            if (tk.length() < 2)
            {
                continue;
            }
            if (tk.charAt(0) == '$')
            {
                try
                {
                    final int idx = Integer.parseInt(tk.substring(1));
                    if (idx > fromCnt)
                    {
                        vr.addError("Reference $" + idx + " in \"" + s + "\" reference * in \"" + from +
                            "\" that do not exist");
                    }
                    else
                    {
                        refCnt++;
                    }
                }
                catch (final NumberFormatException ignored)
                {
                    // not a reference: a literal token that starts with '$'
                }
            }
        }
        if (refCnt != fromCnt)
        {
            vr.addError("subject does not contain enough * or reference wildcards $[0-9]");
        }
    }

    private static boolean endsInFwc(final String s)
    {
        return s.equals(">") || s.endsWith(".>");
    }

    private static int countTokenWildcards(final String v)
    {
        if (v.equals("*"))
        {
            return 1;
        }
        int n = 0;
        for (final String t : v.split("\\.", -1))
        {
            if (t.equals("*"))
            {
                n++;
            }
        }
        return n;
    }

    /** A renaming subject with its $N references turned back into '*'. */
    public static String renamingToSubject(final String s)
    {
        if (!s.contains("$"))
        {
            return s;
        }
        final String[] tokens = s.split("\\.", -1);
        final StringBuilder b = new StringBuilder();
        for (int i = 0; i < tokens.length; i++)
        {
            String tk = tokens[i];
            if (tk.length() > 1 && tk.charAt(0) == '$' && tk.substring(1).chars().allMatch(Character::isDigit))
            {
                tk = "*";
            }
            b.append(i == 0 ? "" : ".").append(tk);
        }
        return b.toString();
    }

    /** The jwt library's HasWildCards (a textual test, not a full subject parse). */
    static boolean hasWildcards(final String v)
    {
        return v.endsWith(".>") || v.contains(".*.") || v.endsWith(".*") || v.startsWith("*.") || v.equals("*") ||
            v.equals(">");
    }

    /** The jwt library's IsContainedIn: whether every subject matching {@code s} also matches {@code other}. */
    static boolean isContainedIn(final String s, final String other)
    {
        final String[] o = other.split("\\.", -1);
        final String[] m = s.split("\\.", -1);
        if (m.length > o.length && !o[o.length - 1].equals(">"))
        {
            return false;
        }
        if (m.length < o.length)
        {
            return false;
        }
        for (int i = 0; i < o.length; i++)
        {
            if (i == o.length - 1 && o[i].equals(">"))
            {
                return true;
            }
            if (!o[i].equals(m[i]) && !o[i].equals("*"))
            {
                return false;
            }
        }
        return true;
    }
}
