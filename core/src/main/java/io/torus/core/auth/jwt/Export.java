package io.torus.core.auth.jwt;

import java.util.Map;

/**
 * One entry of an account JWT's {@code exports}.
 *
 * @param name                   {@code name}
 * @param subject                {@code subject} (may hold wildcards)
 * @param type                   {@code type}
 * @param tokenReq               {@code token_req}: private, importers need an activation token
 * @param revocations            {@code revocations}: activation tokens revoked per importing account (Unix seconds)
 * @param responseType           {@code response_type}: "Singleton" (or ""), "Stream" or "Chunked" for services
 * @param responseThresholdNanos {@code response_threshold}: a Go duration in nanoseconds
 * @param latency                {@code service_latency}, null when absent
 * @param accountTokenPosition   {@code account_token_position}
 * @param advertise              {@code advertise}
 * @param description            {@code description}
 * @param infoUrl                {@code info_url}
 */
public record Export(String name, String subject, ExportType type, boolean tokenReq, Map<String, Long> revocations,
                     String responseType, long responseThresholdNanos, ServiceLatency latency,
                     int accountTokenPosition, boolean advertise, String description, String infoUrl)
{
    public Export
    {
        revocations = Map.copyOf(revocations);
    }
}
