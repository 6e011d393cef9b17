package io.torus.core.auth.jwt;

import java.util.List;

/**
 * Allow and deny subject lists ({@code pub} or {@code sub} of a user JWT); a subscribe entry may carry a queue
 * group after a space ({@code "foo.* q"}). Empty lists when absent.
 */
public record Permission(List<String> allow, List<String> deny)
{
    public static final Permission EMPTY = new Permission(List.of(), List.of());

    public Permission
    {
        allow = List.copyOf(allow);
        deny = List.copyOf(deny);
    }
}
