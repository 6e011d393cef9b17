package io.torus.core.auth.jwt;

import io.torus.core.auth.nkey.NKey;
import io.torus.core.auth.nkey.NKeyType;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.torus.core.auth.jwt.JwtSubjects.hasWildcards;
import static io.torus.core.auth.jwt.JwtSubjects.isContainedIn;
import static io.torus.core.auth.jwt.JwtSubjects.renamingSubject;
import static io.torus.core.auth.jwt.JwtSubjects.renamingToSubject;
import static io.torus.core.auth.jwt.JwtSubjects.subject;

/**
 * The jwt library's checks of an account JWT, with its texts: imports (overlaps, activation tokens), exports
 * (types, response types, latency, containment), limits against imports and exports, mappings, signing keys,
 * description and info URL. Part of {@link ClaimsValidator}. Stateless and thread-safe.
 */
final class AccountClaimsValidator
{
    private AccountClaimsValidator()
    {
    }

    static void account(final AccountClaims a, final long now, final ValidationResults vr)
    {
        imports(a, now, vr);
        exports(a.exports(), vr);
        final AccountLimits l = a.limits();
        if (!l.tieredLimits().isEmpty())
        {
            if (l.tieredLimits().containsKey(""))
            {
                vr.addError("Tiered JetStream Limits can not contain a blank \"\" tier name");
            }
        }
        ClaimsValidator.permissions(a.defaultPermissions(), vr);
        mappings(a.mappings(), vr);
        if (!l.isEmpty() && l.imports() >= 0 && a.imports().size() > l.imports())
        {
            vr.addError("the account contains more imports than allowed by the operator");
        }
        if (l.imports() != -1 && a.imports().size() > l.imports())
        {
            vr.addError("the account contains more imports than allowed by the operator");
        }
        if (l.exports() != -1)
        {
            if (a.exports().size() > l.exports())
            {
                vr.addError("the account contains more exports than allowed by the operator");
            }
            if (!l.wildcards())
            {
                for (final Export e : a.exports())
                {
                    if (hasWildcards(e.subject()))
                    {
                        vr.addError("the account contains wildcard exports that are not allowed by the operator");
                    }
                }
            }
        }
        for (final AccountClaims.SigningKey k : a.signingKeys().values())
        {
            if (!NKey.isValidPublicKey(k.key(), NKeyType.ACCOUNT))
            {
                vr.addError(k.scope() != null ? k.key() + " is not an account public key"
                    : "\"" + k.key() + "\" is not a valid account signing key");
            }
        }
        info(a.description(), a.infoUrl(), vr);
        if (NKey.isValidPublicKey(a.claims().issuer(), NKeyType.ACCOUNT) && !l.isEmpty())
        {
            vr.addWarning("self-signed account JWTs shouldn't contain operator limits");
        }
    }

    private static void imports(final AccountClaims a, final long now, final ValidationResults vr)
    {
        final List<String> toSet = new ArrayList<>();
        for (final Import i : a.imports())
        {
            if (i.type() == ExportType.SERVICE)
            {
                String sub = i.to();
                if (sub.isEmpty())
                {
                    sub = renamingToSubject(i.localSubject());
                }
                if (sub.isEmpty())
                {
                    sub = i.subject();
                }
                for (final String k : toSet)
                {
                    if (isContainedIn(sub, k) || isContainedIn(k, sub))
                    {
                        vr.addError("overlapping subject namespace for \"" + sub + "\" and \"" + k + "\"");
                    }
                }
                if (toSet.contains(sub))
                {
                    vr.addError("overlapping subject namespace for \"" + i.to() + "\"");
                }
                toSet.add(sub);
            }
            importEntry(i, a.claims().subject(), vr);
        }
    }

    private static void importEntry(final Import i, final String accountKey, final ValidationResults vr)
    {
        if (i.type() == ExportType.UNKNOWN)
        {
            vr.addError("invalid import type: \"unknown\"");
        }
        if (i.account().isEmpty())
        {
            vr.addError("account to import from is not specified");
        }
        if (!i.to().isEmpty())
        {
            vr.addWarning("the field to has been deprecated (use LocalSubject instead)");
        }
        subject(i.subject(), vr);
        if (!i.localSubject().isEmpty())
        {
            renamingSubject(i.localSubject(), i.subject(), vr);
            if (!i.to().isEmpty())
            {
                vr.addError("Local Subject replaces To");
            }
        }
        if (i.share() && i.type() != ExportType.SERVICE)
        {
            vr.addError("sharing information (for latency tracking) is only valid for services: \"" +
                i.subject() + "\"");
        }
        if (i.token().isEmpty())
        {
            return;
        }
        final ActivationClaims act;
        try
        {
            act = JwtDecoder.decodeActivation(i.token());
        }
        catch (final JwtException e)
        {
            vr.addError("import \"" + i.subject() + "\" contains an invalid activation token");
            return;
        }
        if (!(act.claims().issuer().equals(i.account()) || act.issuerAccount().equals(i.account())))
        {
            vr.addError("activation token doesn't match account for import \"" + i.subject() + "\"");
        }
        if (!act.claims().subject().equals(accountKey))
        {
            vr.addError("activation token doesn't match account it is being included in, \"" + i.subject() + "\"");
        }
        if (act.importType() != i.type())
        {
            vr.addError("mismatch between token import type " + act.importType().json() + " and type of import " +
                i.type().json());
        }
        ClaimsValidator.activation(act, vr);
        final String subj = i.type() == ExportType.SERVICE && !i.to().isEmpty() ? i.to() : i.subject();
        if (!isContainedIn(subj, act.importSubject()))
        {
            vr.addError("activation token import subject \"" + act.importSubject() + "\" doesn't match import \"" +
                i.subject() + "\"");
        }
    }

    private static void exports(final List<Export> exports, final ValidationResults vr)
    {
        final List<String> services = new ArrayList<>();
        final List<String> streams = new ArrayList<>();
        for (final Export e : exports)
        {
            (e.type() == ExportType.SERVICE ? services : streams).add(e.subject());
            exportEntry(e, vr);
        }
        containment("service", services, vr);
        containment("stream", streams, vr);
    }

    private static void containment(final String kind, final List<String> subjects, final ValidationResults vr)
    {
        final Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < subjects.size(); i++)
        {
            for (int j = 0; j < subjects.size(); j++)
            {
                if (i != j && isContainedIn(subjects.get(i), subjects.get(j)))
                {
                    m.putIfAbsent(subjects.get(j), subjects.get(i));
                }
            }
        }
        for (final Map.Entry<String, String> e : m.entrySet())
        {
            vr.addError(kind + " export subject \"" + e.getKey() + "\" already exports \"" + e.getValue() + "\"");
        }
    }

    private static void exportEntry(final Export e, final ValidationResults vr)
    {
        final boolean service = e.type() == ExportType.SERVICE;
        if (e.type() == ExportType.UNKNOWN)
        {
            vr.addError("invalid export type: \"unknown\"");
        }
        final String rt = e.responseType();
        if (service && !rt.isEmpty() && !rt.equals("Singleton") && !rt.equals("Stream") && !rt.equals("Chunked"))
        {
            vr.addError("invalid response type for service: \"" + rt + "\"");
        }
        if (e.type() == ExportType.STREAM && !rt.isEmpty())
        {
            vr.addError("invalid response type for stream: \"" + rt + "\"");
        }
        if (e.latency() != null)
        {
            if (!service)
            {
                vr.addError("latency tracking only permitted for services");
            }
            if (e.latency().sampling() != 0 && (e.latency().sampling() < 1 || e.latency().sampling() > 100))
            {
                vr.addError("sampling percentage needs to be between 1-100");
            }
            subject(e.latency().results(), vr);
            if (hasWildcards(e.latency().results()))
            {
                vr.addError("results subject can not contain wildcards");
            }
        }
        if (e.responseThresholdNanos() < 0)
        {
            vr.addError("negative response threshold is invalid");
        }
        if (e.responseThresholdNanos() > 0 && !service)
        {
            vr.addError("response threshold only valid for services");
        }
        subject(e.subject(), vr);
        if (e.accountTokenPosition() > 0)
        {
            if (!hasWildcards(e.subject()))
            {
                vr.addError("Account Token Position can only be used with wildcard subjects: " + e.subject());
            }
            else
            {
                final String[] tokens = e.subject().split("\\.", -1);
                if (e.accountTokenPosition() > tokens.length)
                {
                    vr.addError("Account Token Position " + e.accountTokenPosition() +
                        " exceeds length of subject '" + e.subject() + "'");
                }
                else if (!tokens[e.accountTokenPosition() - 1].equals("*"))
                {
                    vr.addError("Account Token Position " + e.accountTokenPosition() + " matches '" +
                        tokens[e.accountTokenPosition() - 1] + "' but must match a * in: " + e.subject());
                }
            }
        }
        info(e.description(), e.infoUrl(), vr);
    }

    private static void info(final String description, final String infoUrl, final ValidationResults vr)
    {
        final int max = 8 * 1024;
        if (description.length() > max)
        {
            vr.addError("Description is too long");
        }
        if (!infoUrl.isEmpty())
        {
            if (infoUrl.length() > max)
            {
                vr.addError("Info URL is too long");
            }
            try
            {
                final URI u = new URI(infoUrl);
                if (u.getHost() == null || u.getScheme() == null)
                {
                    vr.addError("error parsing info url: no hostname or scheme");
                }
            }
            catch (final URISyntaxException e)
            {
                vr.addError("error parsing info url: " + e.getMessage());
            }
        }
    }

    private static void mappings(final Map<String, List<WeightedMapping>> mappings, final ValidationResults vr)
    {
        for (final Map.Entry<String, List<WeightedMapping>> e : mappings.entrySet())
        {
            subject(e.getKey(), vr);
            int total = 0;
            for (final WeightedMapping w : e.getValue())
            {
                subject(w.subject(), vr);
                if (hasWildcards(w.subject()))
                {
                    vr.addError("Subject \"" + w.subject() + "\" in weighted mapping \"" + e.getKey() +
                        "\" is not allowed to contains wildcard");
                }
                total += w.weight() == 0 ? 100 : w.weight();
            }
            // Go sums weights in a uint8, which wraps; a sum over 255 may pass there and fails here.
            if (total > 100)
            {
                vr.addError("Mapping \"" + e.getKey() + "\" exceeds 100% among all of it's weighted to mappings");
            }
        }
    }
}
