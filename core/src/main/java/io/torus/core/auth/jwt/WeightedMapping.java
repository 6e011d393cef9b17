package io.torus.core.auth.jwt;

/**
 * A destination of a subject mapping: {@code subject}, {@code weight} in percent (0 means 100) and {@code cluster}.
 */
public record WeightedMapping(String subject, int weight, String cluster)
{
}
