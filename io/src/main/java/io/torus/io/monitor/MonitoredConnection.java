package io.torus.io.monitor;

/**
 * An open client connection as monitoring sees it. Implemented by the connection's handler; called on the
 * monitoring thread, so implementations read only immutable fields, volatile fields and counters that may be read
 * racily, never the matching thread's collections other than the concurrent subscriptions map.
 */
public interface MonitoredConnection
{
    /** A snapshot for {@code /connz}; the subscription list only when {@code withSubs}. */
    ConnInfo snapshot(boolean withSubs);
}
