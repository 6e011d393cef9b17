package io.torus.core.auth.jwt;

import java.util.List;

/**
 * A decoded operator JWT (jwt v2 OperatorClaims), usually self-signed.
 *
 * @param claims                the registered claims; {@code sub} is the operator's public key
 * @param signingKeys           {@code nats.signing_keys}: operator keys that may sign account JWTs
 * @param accountServerUrl      {@code nats.account_server_url}
 * @param operatorServiceUrls   {@code nats.operator_service_urls}
 * @param systemAccount         {@code nats.system_account}: public key of the system account ("" when not set)
 * @param assertServerVersion   {@code nats.assert_server_version}: minimum server version ("" when not set)
 * @param strictSigningKeyUsage {@code nats.strict_signing_key_usage}: the operator key itself may not sign accounts
 * @param tags                  {@code nats.tags}
 * @param version               {@code nats.version}
 */
public record OperatorClaims(ClaimsData claims, List<String> signingKeys, String accountServerUrl,
                             List<String> operatorServiceUrls, String systemAccount, String assertServerVersion,
                             boolean strictSigningKeyUsage, List<String> tags, int version) implements NatsClaims
{
    public OperatorClaims
    {
        signingKeys = List.copyOf(signingKeys);
        operatorServiceUrls = List.copyOf(operatorServiceUrls);
        tags = List.copyOf(tags);
    }
}
