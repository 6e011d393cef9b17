package io.torus.core.auth.jwt;

import io.torus.core.auth.nkey.NKey;
import io.torus.core.auth.nkey.NKeyType;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.DateTimeException;
import java.util.Locale;

/**
 * The checks the jwt library's {@code Validate} makes on decoded claims, with its texts: times (expired, not yet
 * valid), subjects, permissions, CIDRs and time windows, operator URLs, keys and versions; accounts are checked by
 * {@link AccountClaimsValidator}. The Go server refuses a JWT when the results are blocking with time checks included. Stateless and
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
            AccountClaimsValidator.account(a, nowSeconds, vr);
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

    static void activation(final ActivationClaims a, final ValidationResults vr)
    {
        if (a.importType() == ExportType.UNKNOWN)
        {
            vr.addError("invalid import type: \"unknown\"");
        }
        JwtSubjects.subject(a.importSubject(), vr);
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

    static void permissions(final Permissions p, final ValidationResults vr)
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
                JwtSubjects.subject(tk[0], vr);
                break;
            case 2:
                JwtSubjects.subject(tk[0], vr);
                JwtSubjects.subject(tk[1], vr);
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

}
