package io.torus.core.auth;

import io.torus.core.auth.jwt.AccountClaims;
import io.torus.core.auth.jwt.ActivationClaims;
import io.torus.core.auth.jwt.ClaimsValidator;
import io.torus.core.auth.jwt.JwtSubjects;
import io.torus.core.auth.jwt.Export;
import io.torus.core.auth.jwt.ExportType;
import io.torus.core.auth.jwt.Import;
import io.torus.core.auth.jwt.JwtDecoder;
import io.torus.core.auth.jwt.JwtException;
import io.torus.core.auth.jwt.JwtTrust;
import io.torus.core.auth.jwt.MemoryAccountResolver;
import io.torus.core.auth.jwt.ValidationResults;
import io.torus.core.subject.Subjects;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Turns the account JWTs of operator mode into the server's accounts: each preloaded account that the trusted
 * operators vouch for becomes an {@link AccountEntry} named by its public key, with its limits, its exports and
 * imports and its default permissions. As in Go, an import the exporter does not grant (no matching export, or a
 * private export without a valid activation token) is left out and logged rather than failing the server.
 * Stateless; called once at startup.
 */
public final class JwtAccountEntries
{
    /** Go's default response threshold for service exports. */
    private static final long DEFAULT_RESPONSE_THRESHOLD_NANOS = TimeUnit.MINUTES.toNanos(2);
    /**
     * A name no account has: a private export lists it so that it is never public, even when no importer holds a
     * valid activation token.
     */
    private static final String NO_IMPORTER = "";

    private JwtAccountEntries()
    {
    }

    /**
     * @param accountJwts account public key to account JWT ({@code resolver_preload})
     * @param warnings    receives a line per account or import left out, with the reason
     */
    public static List<AccountEntry> from(final Map<String, String> accountJwts, final JwtTrust trust,
                                          final List<String> warnings)
    {
        final MemoryAccountResolver resolver = new MemoryAccountResolver(trust, accountJwts);
        final Map<String, AccountClaims> valid = new LinkedHashMap<>();
        for (final Map.Entry<String, String> e : accountJwts.entrySet())
        {
            preloadWarnings(e.getKey(), e.getValue(), warnings);
            try
            {
                valid.put(e.getKey(), resolver.account(e.getKey()));
            }
            catch (final JwtException ignored)
            {
                // As Go: not an account; a client of it is refused with the lookup error then.
            }
        }
        final List<AccountEntry> entries = new ArrayList<>(valid.size());
        for (final AccountClaims a : valid.values())
        {
            final List<ImportEntry> imports = new ArrayList<>();
            for (final Import i : a.imports())
            {
                final AccountClaims exporter = valid.get(i.account());
                final ImportEntry entry = importEntry(i);
                if (exporter == null)
                {
                    warnings.add("Can't locate account [" + i.account() + "] for import of [" + i.subject() + "] " +
                        i.type().json());
                }
                else if (grantingExport(exporter, a.claims().subject(), i, entry) == null)
                {
                    warnings.add("Error adding " + i.type().json() + " import to account [" + a.claims().subject() +
                        "]: " + i.type().json() + " import not authorized");
                }
                else
                {
                    imports.add(entry);
                }
            }
            entries.add(new AccountEntry(a.claims().subject(), a.claims().subject(), exports(a, valid), imports,
                limit(a.limits().conn()), limit(a.limits().subs()), limit(a.limits().payload()),
                JwtUsers.permissions(a.defaultPermissions())));
        }
        return entries;
    }

    /** Go's checkResolvePreloads: the start-up warnings for a preloaded account JWT, in its words. */
    private static void preloadWarnings(final String key, final String jwt, final List<String> warnings)
    {
        final AccountClaims claims;
        try
        {
            claims = JwtDecoder.decodeAccount(jwt);
        }
        catch (final JwtException e)
        {
            warnings.add("Preloaded account [" + key + "] not valid");
            return;
        }
        final ValidationResults vr = ClaimsValidator.validate(claims, System.currentTimeMillis() / 1000);
        if (vr.isBlocking(true))
        {
            warnings.add("Account [" + key + "] has validation issues:");
            for (final ValidationResults.Issue i : vr.issues())
            {
                warnings.add("  - " + i.description());
            }
        }
    }

    private static int limit(final long v)
    {
        return v < 0 ? AccountEntry.NO_LIMIT : (int)Math.min(Integer.MAX_VALUE, v);
    }

    /**
     * The server's import: for a service, the subject the importer publishes on is {@code local_subject} (or the
     * deprecated {@code to}'s counterpart); for a stream, {@code local_subject} renames and {@code to} prefixes.
     */
    private static ImportEntry importEntry(final Import i)
    {
        final String local = JwtSubjects.renamingToSubject(i.localSubject());
        if (i.type() == ExportType.SERVICE)
        {
            if (!local.isEmpty())
            {
                return new ImportEntry(true, i.account(), i.subject(), local, null, i.share());
            }
            if (!i.to().isEmpty())
            {
                // Go: without local_subject, the import's subject is local and "to" the exporter's subject.
                return new ImportEntry(true, i.account(), i.to(), i.subject(), null, i.share());
            }
            return new ImportEntry(true, i.account(), i.subject(), null, null, i.share());
        }
        if (!local.isEmpty())
        {
            return new ImportEntry(false, i.account(), i.subject(), local, null, false);
        }
        return new ImportEntry(false, i.account(), i.subject(), null, i.to().isEmpty() ? null : i.to(), false);
    }

    /** The exporter's export that grants this import, or null. */
    private static Export grantingExport(final AccountClaims exporter, final String importer, final Import i,
                                         final ImportEntry entry)
    {
        for (final Export e : exporter.exports())
        {
            if (e.type() == i.type() && Subjects.isSubsetMatch(entry.subject(), e.subject()) &&
                (!e.tokenReq() || activated(exporter, importer, i, e)))
            {
                return e;
            }
        }
        return null;
    }

    /** A private export is granted by an activation token the exporter (or its signing key) issued to the importer. */
    private static boolean activated(final AccountClaims exporter, final String importer, final Import i,
                                     final Export e)
    {
        if (i.token().isEmpty())
        {
            return false;
        }
        final ActivationClaims act;
        try
        {
            act = JwtDecoder.decodeActivation(i.token());
        }
        catch (final JwtException ex)
        {
            return false;
        }
        final String issuer = act.claims().issuer();
        final boolean issuedByExporter = issuer.equals(exporter.claims().subject()) ||
            (act.issuerAccount().equals(exporter.claims().subject()) && exporter.signingKeys().containsKey(issuer));
        final long now = System.currentTimeMillis() / 1000;
        final boolean current = act.claims().expires() == 0 || act.claims().expires() > now;
        final boolean revoked = JwtTrust.isRevoked(e.revocations(), importer, act.claims().issuedAt());
        return issuedByExporter && current && !revoked && act.claims().subject().equals(importer) &&
            Subjects.isSubsetMatch(i.subject(), act.importSubject());
    }

    private static List<ExportEntry> exports(final AccountClaims a, final Map<String, AccountClaims> valid)
    {
        final List<ExportEntry> exports = new ArrayList<>();
        for (final Export e : a.exports())
        {
            List<String> accounts = List.of();
            if (e.tokenReq())
            {
                final List<String> granted = new ArrayList<>();
                granted.add(NO_IMPORTER);
                for (final AccountClaims importer : valid.values())
                {
                    for (final Import i : importer.imports())
                    {
                        if (i.account().equals(a.claims().subject()) && i.type() == e.type() &&
                            activated(a, importer.claims().subject(), i, e))
                        {
                            granted.add(importer.claims().subject());
                        }
                    }
                }
                accounts = granted;
            }
            final ResponseType rt = switch (e.responseType())
            {
                case "Stream" -> ResponseType.STREAM;
                case "Chunked" -> ResponseType.CHUNKED;
                default -> ResponseType.SINGLETON;
            };
            exports.add(new ExportEntry(e.type() == ExportType.SERVICE, e.subject(), accounts, rt,
                e.responseThresholdNanos() > 0 ? e.responseThresholdNanos() : DEFAULT_RESPONSE_THRESHOLD_NANOS));
        }
        return exports;
    }
}
