package io.torus.core.auth.jwt;

/**
 * A scoped signing key of an account: users it signs get {@code template} as their permissions and limits, and
 * must carry none of their own ({@code kind: "user_scope"}).
 *
 * @param key      {@code key}: the signing key
 * @param role     {@code role}
 * @param template {@code template}: may use {@code {{name()}}}, {@code {{subject()}}}, {@code {{tag(x)}}}, ...
 */
public record UserScope(String key, String role, UserPermissionLimits template)
{
}
