package io.torus.core.auth;

import java.util.Set;

/**
 * A configured user: a name with a password (plain or bcrypt), or an nkey public key (no password). Users without an
 * account belong to the global account {@code $G}. An empty set of connection types allows every type.
 */
public record UserEntry(
    String username, String password, String nkey, Permissions permissions, String account,
    Set<String> connectionTypes)
{
    public UserEntry
    {
        connectionTypes = connectionTypes == null ? Set.of() : Set.copyOf(connectionTypes);
    }

    public boolean isNkey()
    {
        return nkey != null;
    }

    /** The key users are found by: the nkey, else the user name. */
    public String key()
    {
        return nkey != null ? nkey : username;
    }

    public UserEntry withAccount(final String accountName)
    {
        return new UserEntry(username, password, nkey, permissions, accountName, connectionTypes);
    }

    public UserEntry withPermissions(final Permissions p)
    {
        return new UserEntry(username, password, nkey, p, account, connectionTypes);
    }

    /** Go's allowed connection types for a plain client connection. */
    public boolean allowsStandardClients()
    {
        return connectionTypes.isEmpty() || connectionTypes.contains("STANDARD");
    }
}
