package io.torus.storage;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.*;

class SubjectIndexTest
{
    @TempDir
    Path dir;

    private static UnsafeBuffer key(final String s)
    {
        return new UnsafeBuffer(s.getBytes());
    }

    @Test
    void shouldAgreeWithAHashMapUnderRandomInsertsAndRemoves()
    {
        try (SubjectIndex index = new SubjectIndex(16))
        {
            final Map<String, Long> model = new HashMap<>();
            final Random random = new Random(42);
            for (int i = 0; i < 50_000; i++)
            {
                final String k = "subj." + random.nextInt(3000);
                final UnsafeBuffer b = key(k);
                if (random.nextInt(3) == 0)
                {
                    final int slot = index.find(b, 0, b.capacity());
                    assertEquals(model.containsKey(k), slot >= 0, k);
                    if (slot >= 0)
                    {
                        index.remove(slot);
                        model.remove(k);
                    }
                }
                else
                {
                    final int slot = index.findOrInsert(b, 0, b.capacity());
                    index.count(slot, index.count(slot) + 1);
                    model.merge(k, 1L, Long::sum);
                }
            }
            assertEquals(model.size(), index.size());
            model.forEach((k, v) ->
            {
                final UnsafeBuffer b = key(k);
                final int slot = index.find(b, 0, b.capacity());
                assertTrue(slot >= 0, k);
                assertEquals(v, index.count(slot));
                assertEquals(k, index.key(slot));
            });
        }
    }

    @Test
    void shouldPersistAndRefuseStaleOrCorruptFile() throws Exception
    {
        final Path file = dir.resolve("subjects.idx");
        try (SubjectIndex index = new SubjectIndex())
        {
            for (int i = 0; i < 1000; i++)
            {
                final UnsafeBuffer b = key("k" + i);
                final int slot = index.findOrInsert(b, 0, b.capacity());
                index.first(slot, i);
                index.last(slot, i + 1);
                index.count(slot, 2);
            }
            index.writeTo(file, 77);
        }
        try (SubjectIndex index = new SubjectIndex())
        {
            assertFalse(index.readFrom(file, 78));
            assertTrue(index.readFrom(file, 77));
            assertEquals(1000, index.size());
            final UnsafeBuffer b = key("k500");
            final int slot = index.find(b, 0, b.capacity());
            assertEquals(500, index.first(slot));
            final byte[] raw = java.nio.file.Files.readAllBytes(file);
            raw[raw.length - 3] ^= 1;
            java.nio.file.Files.write(file, raw);
            assertFalse(index.readFrom(file, 77));
            assertEquals(0, index.size());
        }
    }
}
