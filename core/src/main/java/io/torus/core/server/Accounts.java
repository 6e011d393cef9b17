package io.torus.core.server;

import io.torus.core.auth.AccountEntry;
import io.torus.core.auth.ExportEntry;
import io.torus.core.auth.ImportEntry;
import io.torus.core.subject.SubjectTransform;
import io.torus.core.subject.Subjects;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every account of the server, by name, built once at startup from the configuration: the global account, the
 * configured ones, and the routes their imports open between them. Immutable after construction; the accounts'
 * own state follows their threading rules.
 */
public final class Accounts
{
    private final Map<String, Account> byName = new LinkedHashMap<>();
    private final Account global;

    public Accounts(final List<AccountEntry> entries)
    {
        global = new Account(Account.GLOBAL);
        byName.put(Account.GLOBAL, global);
        for (final AccountEntry e : entries)
        {
            byName.put(e.name(), new Account(e.name(), e.maxConnections(), e.maxSubscriptions(), e.maxPayload()));
        }
        for (final AccountEntry importer : entries)
        {
            for (final ImportEntry i : importer.imports())
            {
                addImport(importer, i, entries);
            }
        }
    }

    private void addImport(final AccountEntry importer, final ImportEntry i, final List<AccountEntry> entries)
    {
        final Account local = byName.get(importer.name());
        final Account exporter = byName.get(i.account());
        final ExportEntry export = exportOf(entries, i, importer.name());
        if (exporter == null || export == null)
        {
            throw new IllegalArgumentException((i.service() ? "service" : "stream") + " import not authorized: " +
                i.account() + " " + i.subject());
        }
        if (i.service())
        {
            // Requests published here on the local subject go to the exporter under the exported subject.
            final String localSubject = i.localSubject();
            local.addRoute(localSubject, new CrossAccountRoute(exporter, SubjectTransform.to(localSubject, i.subject()),
                true, export.responseType(), export.responseThresholdNanos()));
        }
        else
        {
            // Messages published in the exporter on the imported subject reach the importer, renamed.
            final SubjectTransform t = i.prefix() != null && !i.prefix().isEmpty() ?
                SubjectTransform.prefixed(i.subject(), i.prefix()) : SubjectTransform.to(i.subject(), i.to());
            exporter.addRoute(i.subject(), new CrossAccountRoute(local, t, false, null, 0));
        }
    }

    private static ExportEntry exportOf(final List<AccountEntry> entries, final ImportEntry i, final String importer)
    {
        for (final AccountEntry a : entries)
        {
            if (a.name().equals(i.account()))
            {
                for (final ExportEntry e : a.exports())
                {
                    if (e.service() == i.service() && Subjects.isSubsetMatch(i.subject(), e.subject()) &&
                        e.allows(importer))
                    {
                        return e;
                    }
                }
            }
        }
        return null;
    }

    public Account global()
    {
        return global;
    }

    /** The account of that name, or null. */
    public Account get(final String name)
    {
        return name == null || name.isEmpty() ? global : byName.get(name);
    }

    public Collection<Account> all()
    {
        return Collections.unmodifiableCollection(byName.values());
    }
}
