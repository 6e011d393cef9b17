package io.torus.storage.file;

import java.io.PrintStream;
import java.nio.file.Path;

import io.torus.storage.StreamConfig;
import io.torus.storage.StreamState;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Child process of {@link BlockFileStoreCrashTest}: opens the store, prints "ready", then appends forever and
 * prints each sequence after its append returned (an acknowledgement), until it is killed.
 */
public final class CrashWriter
{
    private CrashWriter()
    {
    }

    static byte[] payloadFor(final long seq)
    {
        final byte[] p = new byte[64 + (int)(seq % 64)];
        for (int i = 0; i < p.length; i++)
        {
            p[i] = (byte)(seq * 31 + i);
        }
        return p;
    }

    public static void main(final String[] args)
    {
        final PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false);
        final BlockFileStore store = BlockFileStore.open(Path.of(args[0]), new StreamConfig().blockSize(64 * 1024));
        final StreamState state = new StreamState();
        store.state(state);
        out.println("ready " + state.lastSeq);
        out.flush();
        final UnsafeBuffer subject = new UnsafeBuffer("crash.test".getBytes());
        final UnsafeBuffer payload = new UnsafeBuffer(new byte[0]);
        while (true)
        {
            final long next = state.lastSeq + 1;
            final byte[] p = payloadFor(next);
            payload.wrap(p);
            final long seq = store.append(subject, 0, subject.capacity(), payload, 0, 0, payload, 0, p.length, 0, 0);
            state.lastSeq = seq;
            out.println(seq);
            out.flush();
        }
    }
}
