package io.torus.io.tls;

import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.util.Locale;

/**
 * The text the Go server (built with Go 1.19) logs after {@code TLS handshake error: } for the failures the JDK or
 * BoringSSL report in their own words: a missing client certificate, an untrusted or expired one, an alert from the client. Anything
 * else keeps the JDK's message.
 */
public final class TlsErrorText
{
    private TlsErrorText()
    {
    }

    public static String of(final Throwable failure)
    {
        Throwable t = failure;
        while (t.getCause() != null && t.getCause() != t &&
            (t instanceof io.netty.handler.codec.DecoderException || t.getMessage() == null))
        {
            t = t.getCause();
        }
        for (Throwable c = t; c != null; c = c.getCause())
        {
            if (c instanceof CertificateExpiredException || c instanceof CertificateNotYetValidException ||
                (c instanceof CertPathValidatorException &&
                    ((CertPathValidatorException)c).getReason() == CertPathValidatorException.BasicReason.EXPIRED))
            {
                return "tls: failed to verify client certificate: x509: certificate has expired or is not yet valid";
            }
        }
        final String m = t.getMessage() == null ? t.toString() : t.getMessage();
        final String lower = m.toLowerCase(Locale.ROOT);
        if (lower.contains("empty client certificate chain") || lower.contains("empty server certificate chain")
            || lower.contains("peer_did_not_return_a_certificate"))
        {
            return "tls: client didn't provide a certificate";
        }
        if (lower.contains("pkix path building failed") || lower.contains("unable to find valid certification path"))
        {
            return "tls: failed to verify client certificate: x509: certificate signed by unknown authority";
        }
        if (lower.contains("pkix path validation failed"))
        {
            return "tls: failed to verify client certificate: x509: " + m.substring(m.lastIndexOf(':') + 1).trim();
        }
        final int ssl3Alert = m.indexOf("SSLV3_ALERT_");
        if (ssl3Alert >= 0)
        {
            // BoringSSL's name of an alert the client sent
            return "remote error: tls: " + m.substring(ssl3Alert + "SSLV3_ALERT_".length()).toLowerCase(Locale.ROOT)
                .replace('_', ' ');
        }
        final int tlsAlert = m.indexOf("TLSV1_ALERT_");
        if (tlsAlert >= 0)
        {
            return "remote error: tls: " + m.substring(tlsAlert + "TLSV1_ALERT_".length()).toLowerCase(Locale.ROOT)
                .replace('_', ' ');
        }
        if (lower.contains("certificate_verify_failed"))
        {
            return "tls: failed to verify client certificate: x509: certificate signed by unknown authority";
        }
        final String alert = "received fatal alert: ";
        final int a = lower.indexOf(alert);
        if (a >= 0)
        {
            return "remote error: tls: " + m.substring(a + alert.length()).replace('_', ' ');
        }
        if (t instanceof java.nio.channels.ClosedChannelException || lower.contains("closed"))
        {
            return "EOF";
        }
        return m;
    }
}
