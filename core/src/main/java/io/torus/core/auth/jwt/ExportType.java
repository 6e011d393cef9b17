package io.torus.core.auth.jwt;

/** The {@code type} of an export or import: {@code "stream"} or {@code "service"}; UNKNOWN when absent. */
public enum ExportType
{
    UNKNOWN("unknown"),
    STREAM("stream"),
    SERVICE("service");

    private final String json;

    ExportType(final String json)
    {
        this.json = json;
    }

    /** The JSON text. */
    public String json()
    {
        return json;
    }
}
