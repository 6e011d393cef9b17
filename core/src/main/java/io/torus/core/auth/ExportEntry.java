package io.torus.core.auth;

import java.util.List;

/**
 * A stream or service an account offers to others. {@code accounts} empty: public; else only those accounts may
 * import it. Services answer with {@link ResponseType}; stream and chunked responses are allowed for
 * {@code responseThresholdNanos} (Go's default 2 minutes).
 */
public record ExportEntry(
    boolean service, String subject, List<String> accounts, ResponseType responseType, long responseThresholdNanos)
{
    public ExportEntry
    {
        accounts = accounts == null ? List.of() : List.copyOf(accounts);
    }

    public boolean allows(final String account)
    {
        return accounts.isEmpty() || accounts.contains(account);
    }
}
