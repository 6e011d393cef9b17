package io.torus.io;

import java.util.ArrayList;
import java.util.List;

/** What a test opened (servers, connections, processes), closed last first, going on past failures. */
final class Closer
{
    private final List<AutoCloseable> items = new ArrayList<>();

    <T extends AutoCloseable> T add(final T item)
    {
        items.add(item);
        return item;
    }

    void closeAll()
    {
        for (int i = items.size() - 1; i >= 0; i--)
        {
            try
            {
                items.get(i).close();
            }
            catch (final Exception ignored)
            {
                // keep closing the rest
            }
        }
        items.clear();
    }
}
