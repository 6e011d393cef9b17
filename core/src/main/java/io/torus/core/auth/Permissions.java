package io.torus.core.auth;

import java.util.List;

/**
 * What a user may publish and subscribe to, and whether it may answer requests it received. Null parts allow
 * everything. As Go does, response permissions turn off the blanket publish allow: a user with
 * {@code allow_responses} and no publish allow list may publish only responses.
 */
public record Permissions(SubjectPermission publish, SubjectPermission subscribe, ResponsePermission response)
{
    public Permissions
    {
        if (response != null && (publish == null || publish.allow() == null))
        {
            publish = new SubjectPermission(List.of(), publish == null ? List.of() : publish.deny());
        }
    }
}
