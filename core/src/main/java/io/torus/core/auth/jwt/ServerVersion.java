package io.torus.core.auth.jwt;

/**
 * An operator's {@code assert_server_version} ("major.minor.update") and the check that this server is at least
 * that version, with the Go texts. Stateless and thread-safe.
 */
public final class ServerVersion
{
    private ServerVersion()
    {
    }

    /** The parse error of a version text as the jwt library words it, or null when it parses ("" parses as 0.0.0). */
    public static String check(final String version)
    {
        try
        {
            parse(version);
            return null;
        }
        catch (final JwtException e)
        {
            return e.getMessage();
        }
    }

    /** {major, minor, update}; "" is 0.0.0. */
    public static int[] parse(final String version)
    {
        if (version.isEmpty())
        {
            return new int[3];
        }
        final String[] split = version.split("\\.", -1);
        if (split.length != 3)
        {
            throw new JwtException("asserted server version must be of the form <major>.<minor>.<update>");
        }
        final int[] v = new int[3];
        for (int i = 0; i < 3; i++)
        {
            try
            {
                v[i] = Integer.parseInt(split[i]);
            }
            catch (final NumberFormatException e)
            {
                throw new JwtException("asserted server version cant parse " + split[i] + " to int");
            }
        }
        if (v[0] < 0 || v[1] < 0 || v[2] < 0)
        {
            throw new JwtException("asserted server version can'b contain negative values: " + version);
        }
        return v;
    }

    /**
     * Checks that the server version satisfies the operator's assertion, as the Go server's
     * validateTrustedOperators does.
     *
     * @return null when it does, else the Go error text
     */
    public static String unmet(final OperatorClaims op, final String serverVersion)
    {
        final int[] srv = parse(serverVersion);
        final int[] want;
        try
        {
            want = parse(op.assertServerVersion());
        }
        catch (final JwtException e)
        {
            return "operator " + op.claims().subject() + " expects version " + op.assertServerVersion() +
                " got error instead: " + e.getMessage();
        }
        if (want[0] > srv[0])
        {
            return "operator " + op.claims().subject() + " expected major version " + want[0] +
                " > server major version " + srv[0];
        }
        if (srv[0] > want[0])
        {
            return null;
        }
        if (want[1] > srv[1])
        {
            return "operator " + op.claims().subject() + " expected minor version " + want[1] +
                " > server minor version " + srv[1];
        }
        if (srv[1] > want[1])
        {
            return null;
        }
        if (want[2] > srv[2])
        {
            return "operator " + op.claims().subject() + " expected update version " + want[2] +
                " > server update version " + srv[2];
        }
        return null;
    }
}
