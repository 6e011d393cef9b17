package io.torus.io.sys;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonCompactorTest
{
    @Test
    void shouldDropWhitespaceOutsideStringsOnly()
    {
        assertEquals("{\"a b\":\"x \\\" y\\\\\",\"c\":[1,{}],\"d\":\"\\n \"}",
            JsonCompactor.compact("{\n  \"a b\": \"x \\\" y\\\\\",\n  \"c\": [\n    1,\n    {}\n  ],\n  \"d\": \"\\n \"\n}"));
    }

    @Test
    void eventIdsAreUniqueBase62OfGoLength()
    {
        final EventIds ids = new EventIds();
        final Set<String> seen = new HashSet<>();
        for (int i = 0; i < 100_000; i++)
        {
            final String id = ids.next();
            assertEquals(22, id.length());
            assertTrue(id.matches("[0-9A-Za-z]+"), id);
            assertTrue(seen.add(id), id);
        }
    }
}
