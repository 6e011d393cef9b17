package io.torus.storage;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class SubjectFilterTest
{
    @Test
    void shouldMatchLiteralsAndWildcards()
    {
        assertTrue(SubjectFilter.of("a.b").matches("a.b"));
        assertFalse(SubjectFilter.of("a.b").matches("a.bc"));
        assertTrue(SubjectFilter.of("a.*").matches("a.b"));
        assertFalse(SubjectFilter.of("a.*").matches("a.b.c"));
        assertFalse(SubjectFilter.of("a.*").matches("a"));
        assertTrue(SubjectFilter.of("a.>").matches("a.b.c"));
        assertFalse(SubjectFilter.of("a.>").matches("a"));
        assertTrue(SubjectFilter.of("*.b.*").matches("x.b.y"));
        assertFalse(SubjectFilter.of("*.b.*").matches("x.c.y"));
        assertTrue(SubjectFilter.of(">").matches("anything.at.all"));
        assertTrue(SubjectFilter.of("").matchesAll());
        assertTrue(SubjectFilter.of("a.b").isLiteral());
        assertFalse(SubjectFilter.of("a.*").isLiteral());
        assertThrows(StoreException.class, () -> SubjectFilter.of("a.>.b"));
    }
}
