package io.torus.core.auth;

import java.util.List;

/**
 * Allow and deny lists of subjects (wildcards allowed; a subscribe entry may name a queue group after a space,
 * {@code "foo.* workers"}). A null allow list allows everything the deny list does not deny; an empty one allows
 * nothing. Immutable, as configured.
 */
public record SubjectPermission(List<String> allow, List<String> deny)
{
    public SubjectPermission
    {
        allow = allow == null ? null : List.copyOf(allow);
        deny = deny == null ? List.of() : List.copyOf(deny);
    }

    public boolean isEmpty()
    {
        return allow == null && deny.isEmpty();
    }
}
