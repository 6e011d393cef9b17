package io.torus.core.auth.jwt;

/**
 * {@code service_latency} of a service export: the percentage of requests to sample (0 means "headers": sample the
 * requests that carry tracing headers) and the subject the measurements are published to.
 */
public record ServiceLatency(int sampling, String results)
{
}
