package io.torus.io.monitor;

import java.util.Map;

/**
 * {@code /stacksz}: every thread's stack, as Go's endpoint dumps every goroutine's. Plain text, which Go serves with
 * its JSON content type; so does this. Takes no lock of the server's, so it answers even if a thread is stuck.
 */
final class StackszEndpoint implements Endpoint
{
    @Override
    public String render(final QueryParams query)
    {
        final StringBuilder sb = new StringBuilder(16 * 1024);
        for (final Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet())
        {
            final Thread t = e.getKey();
            sb.append("thread ").append(t.getId()).append(" [").append(t.getState().name().toLowerCase(java.util.Locale.ROOT))
                .append(t.isDaemon() ? ", daemon" : "").append("] \"").append(t.getName()).append("\":\n");
            for (final StackTraceElement frame : e.getValue())
            {
                sb.append("\tat ").append(frame).append('\n');
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
