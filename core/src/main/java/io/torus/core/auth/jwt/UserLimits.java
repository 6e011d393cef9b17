package io.torus.core.auth.jwt;

import java.util.List;

/**
 * Limits of a user JWT (jwt v2 Limits: UserLimits and NatsLimits flattened into {@code nats}).
 * The numbers are as Go decodes them: -1 is no limit, and an absent field is 0.
 *
 * @param src     {@code src}: CIDR blocks the client must connect from (empty: anywhere)
 * @param times   {@code times}: daily windows the client may connect in (empty: any time)
 * @param locale  {@code times_location}: IANA zone of {@code times} ("" is the server's zone)
 * @param subs    {@code subs}: maximum subscriptions
 * @param data    {@code data}: maximum bytes
 * @param payload {@code payload}: maximum message payload
 */
public record UserLimits(List<String> src, List<TimeRange> times, String locale, long subs, long data, long payload)
{
    public UserLimits
    {
        src = List.copyOf(src);
        times = List.copyOf(times);
    }
}
