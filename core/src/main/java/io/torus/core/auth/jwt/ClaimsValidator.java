package io.torus.core.auth.jwt;

import io.torus.core.auth.nkey.NKey;
import io.torus.core.auth.nkey.NKeyType;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.DateTimeException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The checks the jwt library's {@code Validate} makes on decoded claims, with its texts: times (expired, not yet
 * valid), subjects, permissions, CIDRs and time windows, limits, imports and exports, signing keys, operator URLs and
 * versions. The Go server refuses a JWT when the results are blocking with time checks included. Stateless and
 * thread-safe.
 */
public final class ClaimsValidator
{
    private ClaimsValidator()
    {
    }

    /** Validates claims of any kind at {@code nowSeconds} (Unix seconds). */
    public static ValidationResults validate(final NatsClaims claims, final long nowSeconds)
    {
        final ValidationResults vr = new ValidationResults();
        times(claims.claims(), nowSeconds, vr);
        if (claims instanceof UserClaims u)
        {
            user(u, vr);
        }
        else if (claims instanceof AccountClaims a)
        {
            account(a, nowSeconds, vr);
        }
        else if (claims instanceof OperatorClaims o)
        {
            operator(o, vr);
        }
        else if (claims instanceof ActivationClaims a)
        {
            activation(a, vr);
        }
        return vr;
    }

    private static void times(final ClaimsData c, final long now, final ValidationResults vr)
    {
        if (c.expires() > 0 && now > c.expires())
        {
            vr.addTimeCheck("claim is expired");
        }
        if (c.notBefore() > 0 && c.notBefore() > now)
        {
            vr.addTimeCheck("claim is not yet valid");
        }
    }

    private static void user(final UserClaims u, final ValidationResults vr)
    {
        permissions(u.user().permissions(), vr);
        limits(u.user().limits(), vr);
        if (!u.issuerAccount().isEmpty() && !NKey.isValidPublicKey(u.issuerAccount(), NKeyType.ACCOUNT))
        {
            vr.addError("account_id is not an account public key");
        }
    }

    private static void activation(final ActivationClaims a, final ValidationResults vr)
    {
        if (a.importType() == ExportType.UNKNOWN)
        {
            vr.addError("invalid import type: \"unknown\"");
        }
        subject(a.importSubject(), vr);
        if (!a.issuerAccount().isEmpty() && !NKey.isValidPublicKey(a.issuerAccount(), NKeyType.ACCOUNT))
        {
            vr.addError("account_id is not an account public key");
        }
    }

    private static void operator(final OperatorClaims o, final ValidationResults vr)
    {
        if (!o.accountServerUrl().isEmpty())
        {
            try
            {
                if (new URI(o.accountServerUrl()).getScheme() == null)
                {
                    vr.addError("account server url \"" + o.accountServerUrl() + "\" requires a protocol");
                }
            }
            catch (final URISyntaxException e)
            {
                vr.addError("error parsing account server url: " + e.getMessage());
            }
        }
        for (final String url : o.operatorServiceUrls())
        {
            operatorServiceUrl(url, vr);
        }
        for (final String k : o.signingKeys())
        {
            if (!NKey.isValidPublicKey(k, NKeyType.OPERATOR))
            {
                vr.addError(k + " is not an operator public key");
            }
        }
        if (!o.systemAccount().isEmpty() && !NKey.isValidPublicKey(o.systemAccount(), NKeyType.ACCOUNT))
        {
            vr.addError(o.systemAccount() + " is not an account public key");
        }
        final String versionError = ServerVersion.check(o.assertServerVersion());
        if (versionError != null)
        {
            vr.addError("assert server version error: " + versionError);
        }
    }

    private static void operatorServiceUrl(final String v, final ValidationResults vr)
    {
        if (v.isEmpty())
        {
            return;
        }
        final URI u;
        try
        {
            u = new URI(v);
        }
        catch (final URISyntaxException e)
        {
            vr.addError("error parsing operator service url \"" + v + "\": " + e.getMessage());
            return;
        }
        if (u.getRawUserInfo() != null)
        {
            vr.addError("operator service url \"" + v + "\" - credentials are not supported");
        }
        else if (u.getRawPath() != null && !u.getRawPath().isEmpty())
        {
            vr.addError("operator service url \"" + v + "\" - paths are not supported");
        }
        else
        {
            final String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("nats") && !scheme.equals("tls"))
            {
                vr.addError("operator service url \"" + v + "\" - protocol not supported (only 'nats' or 'tls' only)");
            }
        }
    }

    private static void account(final AccountClaims a, final long now, final ValidationResults vr)
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
        permissions(a.defaultPermissions(), vr);
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
        activation(act, vr);
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

    private static void permissions(final Permissions p, final ValidationResults vr)
    {
        permission(p.sub(), true, vr);
        permission(p.pub(), false, vr);
    }

    private static void permission(final Permission p, final boolean permitQueue, final ValidationResults vr)
    {
        for (final String s : p.allow())
        {
            permissionSubject(s, permitQueue, vr);
        }
        for (final String s : p.deny())
        {
            permissionSubject(s, permitQueue, vr);
        }
    }

    private static void permissionSubject(final String subj, final boolean permitQueue, final ValidationResults vr)
    {
        final String[] tk = subj.split(" ", -1);
        switch (tk.length)
        {
            case 1:
                subject(tk[0], vr);
                break;
            case 2:
                subject(tk[0], vr);
                subject(tk[1], vr);
                if (!permitQueue)
                {
                    vr.addError("Permission Subject \"" + subj + "\" is not allowed to contain queue");
                }
                break;
            default:
                vr.addError("Permission Subject \"" + subj + "\" contains too many spaces");
        }
    }

    private static void limits(final UserLimits l, final ValidationResults vr)
    {
        for (final String cidr : l.src())
        {
            if (Cidr.parse(cidr) == null)
            {
                vr.addError("invalid cidr \"" + cidr + "\" in user src limits");
            }
        }
        for (final TimeRange t : l.times())
        {
            if (t.start().isEmpty())
            {
                vr.addError("time ranges start must contain a start");
            }
            else if (ConnectTimes.parseClock(t.start()) < 0)
            {
                vr.addError("start in time range is invalid \"" + t.start() + "\"");
            }
            if (t.end().isEmpty())
            {
                vr.addError("time ranges end must contain an end");
            }
            else if (ConnectTimes.parseClock(t.end()) < 0)
            {
                vr.addError("end in time range is invalid \"" + t.end() + "\"");
            }
        }
        if (!l.locale().isEmpty())
        {
            try
            {
                ConnectTimes.zone(l.locale());
            }
            catch (final DateTimeException e)
            {
                vr.addError("could not parse iana time zone by name: unknown time zone " + l.locale());
            }
        }
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

    private static void renamingSubject(final String s, final String from, final ValidationResults vr)
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
