package io.torus.core.auth.jwt;

import java.util.ArrayList;
import java.util.List;

/**
 * The issues found by {@link ClaimsValidator}, as the jwt library's ValidationResults: errors block, time checks
 * (expired, not yet valid) block only when the caller includes them, warnings never block. Single-threaded.
 */
public final class ValidationResults
{
    /** One issue: its text, whether it blocks, and whether it is a time check. */
    public record Issue(String description, boolean blocking, boolean timeCheck)
    {
    }

    private final List<Issue> issues = new ArrayList<>();

    void addError(final String description)
    {
        issues.add(new Issue(description, true, false));
    }

    void addTimeCheck(final String description)
    {
        issues.add(new Issue(description, false, true));
    }

    void addWarning(final String description)
    {
        issues.add(new Issue(description, false, false));
    }

    public List<Issue> issues()
    {
        return List.copyOf(issues);
    }

    /** True when an error was found, or a time check when {@code includeTimeChecks}. */
    public boolean isBlocking(final boolean includeTimeChecks)
    {
        for (final Issue i : issues)
        {
            if (i.blocking() || (includeTimeChecks && i.timeCheck()))
            {
                return true;
            }
        }
        return false;
    }

    public boolean isEmpty()
    {
        return issues.isEmpty();
    }

    /** The descriptions of the blocking issues (time checks included when asked), joined by "; ". */
    public String blockingText(final boolean includeTimeChecks)
    {
        final StringBuilder b = new StringBuilder();
        for (final Issue i : issues)
        {
            if (i.blocking() || (includeTimeChecks && i.timeCheck()))
            {
                b.append(b.length() == 0 ? "" : "; ").append(i.description());
            }
        }
        return b.toString();
    }

    @Override
    public String toString()
    {
        final StringBuilder b = new StringBuilder();
        for (final Issue i : issues)
        {
            b.append(b.length() == 0 ? "" : "; ").append(i.description());
        }
        return b.toString();
    }
}
