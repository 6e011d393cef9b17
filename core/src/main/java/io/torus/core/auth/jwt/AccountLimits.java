package io.torus.core.auth.jwt;

import java.util.Map;

/**
 * {@code limits} of an account JWT (jwt v2 OperatorLimits, flattened). As Go decodes them: -1 is no limit and an
 * absent field is 0 (nsc always writes -1 for "no limit").
 *
 * @param subs           {@code subs}: subscriptions in the account
 * @param data           {@code data}: bytes
 * @param payload        {@code payload}: maximum message payload
 * @param imports        {@code imports}: number of imports allowed
 * @param exports        {@code exports}: number of exports allowed
 * @param wildcards      {@code wildcards}: exports may use wildcards
 * @param disallowBearer {@code disallow_bearer}: user JWTs may not be bearer tokens
 * @param conn           {@code conn}: client connections
 * @param leaf           {@code leaf}: leaf node connections
 * @param jetStream      the JetStream limits ({@link JetStreamLimits#NONE} when tiered limits are used)
 * @param tieredLimits   {@code tiered_limits}: JetStream limits per tier ("R1", "R3")
 */
public record AccountLimits(long subs, long data, long payload, long imports, long exports, boolean wildcards,
                            boolean disallowBearer, long conn, long leaf, JetStreamLimits jetStream,
                            Map<String, JetStreamLimits> tieredLimits)
{
    public AccountLimits
    {
        tieredLimits = Map.copyOf(tieredLimits);
    }

    /** True when nothing was set (Go's IsEmpty: an account signed by itself carries no operator limits). */
    public boolean isEmpty()
    {
        return subs == 0 && data == 0 && payload == 0 && imports == 0 && exports == 0 && !wildcards &&
            !disallowBearer && conn == 0 && leaf == 0 && jetStream.equals(JetStreamLimits.NONE) &&
            tieredLimits.isEmpty();
    }
}
