package io.torus.storage.file;

import java.io.PrintStream;
import java.nio.file.Path;

import io.torus.storage.StreamConfig;
import io.torus.storage.StreamState;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Child process of {@link BlockFileStoreCrashTest}: opens the store, prints "ready", then appends forever and
 * prints each sequence after its append returned (an acknowledgement), until it is killed. With a second argument
 * {@code remove <n>}: makes sure the stream holds {@code n} messages, prints "ready", then removes every odd
 * sequence from 1 up, printing each one after its removal returned, until it is killed or done. With a second
 * argument {@code compress}: appends as in the first mode, with small blocks compressed by the background task
 * every few milliseconds, so kills land in the middle of compressions.
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

    static StreamConfig compressingConfig()
    {
        return new StreamConfig().blockSize(64 * 1024).compression(io.torus.storage.BlockCompression.LZ4)
            .expiryCheckInterval(5, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    private static void removeOdd(final BlockFileStore store, final StreamState state, final long n,
        final PrintStream out)
    {
        for (long seq = state.lastSeq + 1; seq <= n; seq++)
        {
            store.append("crash.test", null, payloadFor(seq));
        }
        out.println("ready " + n);
        out.flush();
        for (long seq = 1; seq <= n; seq += 2)
        {
            store.remove(seq);
            out.println(seq);
            out.flush();
        }
        out.println("done");
        out.flush();
        while (true)
        {
            try
            {
                Thread.sleep(1000); // wait for the kill: never close cleanly
            }
            catch (final InterruptedException ignore)
            {
                // keep waiting
            }
        }
    }

    public static void main(final String[] args)
    {
        final PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false);
        final boolean compress = args.length > 1 && args[1].equals("compress");
        final BlockFileStore store = BlockFileStore.open(Path.of(args[0]), compress ? compressingConfig() :
            new StreamConfig().blockSize(64 * 1024));
        final StreamState state = new StreamState();
        store.state(state);
        if (args.length > 2 && args[1].equals("remove"))
        {
            removeOdd(store, state, Long.parseLong(args[2]), out);
            return;
        }
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
