package io.torus.core.auth;

/**
 * A stream or service taken from another account. For a stream, {@code to} (or {@code prefix}) renames the
 * exporter's subjects inside the importing account. For a service, {@code to} is the local subject the importer
 * publishes requests to (default: the exported subject).
 */
public record ImportEntry(boolean service, String account, String subject, String to, String prefix, boolean share)
{
    /** The subject the importing account sees. */
    public String localSubject()
    {
        if (prefix != null && !prefix.isEmpty())
        {
            return prefix + "." + subject;
        }
        return to != null && !to.isEmpty() ? to : subject;
    }
}
