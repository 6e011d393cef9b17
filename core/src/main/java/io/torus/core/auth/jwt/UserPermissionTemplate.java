package io.torus.core.auth.jwt;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Expands the template of a scoped signing key for one user, as the Go server's processUserPermissionsTemplate:
 * tokens {@code {{name()}}}, {@code {{subject()}}}, {@code {{account-name()}}}, {@code {{account-subject()}}},
 * {@code {{tag(x)}}} and {@code {{account-tag(x)}}} (one subject per matching tag value, all combinations). An
 * invalid result is dropped from allow lists and fails the user in deny lists; an allow list emptied by expansion
 * becomes a deny of {@code >}. Stateless and thread-safe.
 */
final class UserPermissionTemplate
{
    private UserPermissionTemplate()
    {
    }

    /** The expanded template; throws JwtException("generated invalid subject") when a deny entry expands badly. */
    static UserPermissionLimits apply(final UserPermissionLimits template, final UserClaims user,
                                      final AccountClaims account)
    {
        final Permissions p = template.permissions();
        final List<String> subAllow = expand(p.sub().allow(), false, user, account);
        final List<String> subDeny = new ArrayList<>(expand(p.sub().deny(), true, user, account));
        final List<String> pubAllow = expand(p.pub().allow(), false, user, account);
        final List<String> pubDeny = new ArrayList<>(expand(p.pub().deny(), true, user, account));
        if (!p.sub().allow().isEmpty() && subAllow.isEmpty() && !subDeny.contains(">"))
        {
            subDeny.add(">");
        }
        if (!p.pub().allow().isEmpty() && pubAllow.isEmpty() && !pubDeny.contains(">"))
        {
            pubDeny.add(">");
        }
        final Permissions expanded = new Permissions(new Permission(pubAllow, pubDeny),
            new Permission(subAllow, subDeny), p.resp());
        return new UserPermissionLimits(expanded, template.limits(), template.bearerToken(),
            template.allowedConnectionTypes());
    }

    private static boolean isTemplate(final String token)
    {
        return token.startsWith("{{") && token.endsWith("}}");
    }

    private static List<String> expand(final List<String> list, final boolean failOnBad, final UserClaims user,
                                       final AccountClaims account)
    {
        boolean found = false;
        for (final String s : list)
        {
            for (final String tk : s.split("\\.", -1))
            {
                found |= isTemplate(tk);
            }
        }
        if (!found)
        {
            return list;
        }
        final List<String> out = new ArrayList<>(list.size());
        for (final String s : list)
        {
            final String[] tokens = s.split("\\.", -1);
            final String[] fixed = new String[tokens.length];
            final List<List<String>> tagValues = new ArrayList<>();
            for (int i = 0; i < tokens.length; i++)
            {
                String tk = tokens[i];
                if (isTemplate(tk))
                {
                    final String op = tk.substring(2, tk.length() - 2).toLowerCase(Locale.ROOT);
                    if (op.equals("name()"))
                    {
                        tk = user.claims().name();
                    }
                    else if (op.equals("subject()"))
                    {
                        tk = user.claims().subject();
                    }
                    else if (op.equals("account-name()"))
                    {
                        tk = account.claims().name();
                    }
                    else if (op.equals("account-subject()"))
                    {
                        tk = user.issuerAccount();
                    }
                    else if ((op.startsWith("tag(") || op.startsWith("account-tag(")) && op.endsWith(")"))
                    {
                        // An empty token marks a place for tag values; left empty it fails the subject check.
                        tk = "";
                        final boolean acc = op.startsWith("account-tag(");
                        final String name = op.substring(acc ? "account-tag(".length() : "tag(".length(),
                            op.length() - 1);
                        final String prefix = name.toLowerCase(Locale.ROOT) + ":";
                        final List<String> values = new ArrayList<>();
                        for (final String tag : acc ? account.tags() : user.tags())
                        {
                            if (tag.startsWith(prefix))
                            {
                                values.add(tag.substring(prefix.length()));
                            }
                        }
                        if (!values.isEmpty())
                        {
                            tagValues.add(values);
                        }
                    }
                    else
                    {
                        // An unknown function spoils the subject on purpose.
                        tk = " ";
                    }
                }
                fixed[i] = tk;
            }
            if (tagValues.isEmpty())
            {
                emit(String.join(".", fixed), failOnBad, out);
            }
            else
            {
                for (final List<String> combination : cartesian(tagValues))
                {
                    final StringBuilder b = new StringBuilder();
                    int next = 0;
                    for (int i = 0; i < fixed.length; i++)
                    {
                        if (fixed[i].isEmpty() && next < combination.size())
                        {
                            b.append(combination.get(next++));
                        }
                        else
                        {
                            b.append(fixed[i]);
                        }
                        if (i != fixed.length - 1)
                        {
                            b.append('.');
                        }
                    }
                    emit(b.toString(), failOnBad, out);
                }
            }
        }
        return out;
    }

    private static void emit(final String subject, final boolean failOnBad, final List<String> out)
    {
        if (isValidSubject(subject))
        {
            out.add(subject);
        }
        else if (failOnBad)
        {
            throw new JwtException("generated invalid subject");
        }
    }

    private static List<List<String>> cartesian(final List<List<String>> lists)
    {
        List<List<String>> acc = new ArrayList<>();
        acc.add(List.of());
        for (final List<String> values : lists)
        {
            final List<List<String>> next = new ArrayList<>();
            for (final List<String> prefix : acc)
            {
                for (final String v : values)
                {
                    final List<String> c = new ArrayList<>(prefix);
                    c.add(v);
                    next.add(c);
                }
            }
            acc = next;
        }
        return acc;
    }

    /** Go's IsValidSubject: non-empty tokens, no white space, '>' only as the last token. */
    static boolean isValidSubject(final String subject)
    {
        if (subject.isEmpty())
        {
            return false;
        }
        boolean fwc = false;
        for (final String t : subject.split("\\.", -1))
        {
            if (t.isEmpty() || fwc)
            {
                return false;
            }
            for (int i = 0; i < t.length(); i++)
            {
                final char c = t.charAt(i);
                if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f')
                {
                    return false;
                }
            }
            if (t.equals(">"))
            {
                fwc = true;
            }
        }
        return true;
    }
}
