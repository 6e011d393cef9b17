package io.torus.core.auth;

import java.util.List;

/**
 * A configured account: its exports and imports, its limits (-1: none, as Go's jwt.NoLimit) and the default
 * permissions of its users.
 */
public record AccountEntry(
    String name, String nkey, List<ExportEntry> exports, List<ImportEntry> imports, int maxConnections,
    int maxSubscriptions, int maxPayload, Permissions defaultPermissions)
{
    public static final int NO_LIMIT = -1;

    public AccountEntry
    {
        exports = exports == null ? List.of() : List.copyOf(exports);
        imports = imports == null ? List.of() : List.copyOf(imports);
    }

    public static AccountEntry named(final String name)
    {
        return new AccountEntry(name, null, List.of(), List.of(), NO_LIMIT, NO_LIMIT, NO_LIMIT, null);
    }
}
