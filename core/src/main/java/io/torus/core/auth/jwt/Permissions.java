package io.torus.core.auth.jwt;

/**
 * Publish and subscribe permissions of a user JWT, a signing key scope or an account's default permissions.
 *
 * @param pub  {@code pub}
 * @param sub  {@code sub}
 * @param resp {@code resp}, null when absent
 */
public record Permissions(Permission pub, Permission sub, ResponsePermission resp)
{
    public static final Permissions EMPTY = new Permissions(Permission.EMPTY, Permission.EMPTY, null);

    /** True when nothing is allowed, denied or set for responses (no restrictions at all). */
    public boolean isEmpty()
    {
        return pub.allow().isEmpty() && pub.deny().isEmpty() && sub.allow().isEmpty() && sub.deny().isEmpty() &&
            resp == null;
    }
}
