package io.torus.io.monitor;

import io.netty.handler.codec.http.QueryStringDecoder;

import java.util.List;
import java.util.Map;

/**
 * The query of one monitoring request, decoded as the Go server decodes it ({@code decodeBool}, {@code decodeInt},
 * {@code decodeUint64} in {@code monitor.go}): an absent or empty parameter is the zero value, a malformed one is a
 * {@link BadRequestException} carrying Go's error text.
 */
final class QueryParams
{
    private final Map<String, List<String>> params;

    QueryParams(final QueryStringDecoder decoder)
    {
        this.params = decoder.parameters();
    }

    /** The first value, or "" (Go's {@code r.URL.Query().Get}). */
    String get(final String name)
    {
        final List<String> values = params.get(name);
        return values == null || values.isEmpty() ? "" : values.get(0);
    }

    boolean bool(final String name) throws BadRequestException
    {
        final String s = get(name);
        switch (s)
        {
            case "":
            case "0": case "f": case "F": case "false": case "FALSE": case "False":
                return false;
            case "1": case "t": case "T": case "true": case "TRUE": case "True":
                return true;
            default:
                throw new BadRequestException("Error decoding boolean for '" + name + "': strconv.ParseBool: parsing " +
                    goQuote(s) + ": invalid syntax");
        }
    }

    int integer(final String name) throws BadRequestException
    {
        final String s = get(name);
        if (s.isEmpty())
        {
            return 0;
        }
        try
        {
            return Integer.parseInt(s.startsWith("+") ? s.substring(1) : s);
        }
        catch (final NumberFormatException e)
        {
            throw new BadRequestException("Error decoding int for '" + name + "': strconv.Atoi: parsing " + goQuote(s) +
                ": " + (s.matches("[+-]?[0-9]+") ? "value out of range" : "invalid syntax"));
        }
    }

    long unsigned(final String name) throws BadRequestException
    {
        final String s = get(name);
        if (s.isEmpty())
        {
            return 0;
        }
        try
        {
            if (!s.matches("[0-9]+"))
            {
                throw new NumberFormatException();
            }
            return Long.parseUnsignedLong(s);
        }
        catch (final NumberFormatException e)
        {
            throw new BadRequestException("Error decoding uint64 for '" + name + "': strconv.ParseUint: parsing " +
                goQuote(s) + ": " + (s.matches("[0-9]+") ? "value out of range" : "invalid syntax"));
        }
    }

    /** Go's {@code strconv.Quote} for the printable ASCII a query usually holds. */
    private static String goQuote(final String s)
    {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
