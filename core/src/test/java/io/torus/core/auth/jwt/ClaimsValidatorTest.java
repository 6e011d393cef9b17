package io.torus.core.auth.jwt;

import io.nats.client.NKey;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.torus.core.auth.jwt.TestJwts.pub;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClaimsValidatorTest
{
    private static final long NOW = 1_800_000_000L;
    private final NKey operator = TestJwts.operatorKey();
    private final NKey account = TestJwts.accountKey();
    private final NKey user = TestJwts.userKey();

    private ValidationResults user(final TestJwts.Claims c)
    {
        return ClaimsValidator.validate(JwtDecoder.decodeUser(c.sign(account)), NOW);
    }

    private ValidationResults account(final TestJwts.Claims c)
    {
        return ClaimsValidator.validate(JwtDecoder.decodeAccount(c.sign(operator)), NOW);
    }

    @Test
    void timeChecksBlockOnlyWhenIncluded()
    {
        final ValidationResults expired = user(TestJwts.user(pub(user)).set("exp", NOW - 1));
        assertFalse(expired.isBlocking(false));
        assertTrue(expired.isBlocking(true));
        assertEquals("claim is expired", expired.blockingText(true));
        assertTrue(user(TestJwts.user(pub(user)).set("exp", NOW)).isEmpty(), "valid through its exp second");
        assertEquals("claim is not yet valid",
            user(TestJwts.user(pub(user)).set("nbf", NOW + 1)).blockingText(true));
    }

    @Test
    void userLimitsAndPermissionsAreChecked()
    {
        assertEquals("invalid cidr \"10.0.0.300/8\" in user src limits",
            user(TestJwts.user(pub(user)).nats("src", List.of("10.0.0.300/8"))).blockingText(true));
        assertEquals("start in time range is invalid \"9am\"", user(TestJwts.user(pub(user))
            .nats("times", List.of(Map.of("start", "9am", "end", "10:00:00")))).blockingText(true));
        assertTrue(user(TestJwts.user(pub(user)).nats("times_location", "Mars/Olympus")).isBlocking(false));
        assertEquals("Permission Subject \"a b c\" contains too many spaces",
            user(TestJwts.user(pub(user)).nats("sub", Map.of("allow", List.of("a b c")))).blockingText(true));
        assertTrue(user(TestJwts.user(pub(user)).nats("sub", Map.of("allow", List.of("a q")))).isEmpty(),
            "a queue group is allowed in subscribe permissions");
        assertEquals("account_id is not an account public key",
            user(TestJwts.user(pub(user)).nats("issuer_account", pub(user))).blockingText(true));
    }

    @Test
    void accountExportsAndImportsAreChecked()
    {
        final String other = pub(TestJwts.accountKey());
        assertEquals("the account contains wildcard exports that are not allowed by the operator",
            account(TestJwts.account(pub(account)).nats("limits", Map.of("exports", 5))
                .nats("exports", List.of(Map.of("subject", "a.*", "type", "stream")))).blockingText(true));
        assertEquals("stream export subject \"a.>\" already exports \"a.b\"",
            account(TestJwts.account(pub(account)).nats("limits", Map.of("exports", -1))
                .nats("exports", List.of(Map.of("subject", "a.>", "type", "stream"),
                    Map.of("subject", "a.b", "type", "stream")))).blockingText(true));
        assertEquals("account to import from is not specified",
            account(TestJwts.account(pub(account)).nats("limits", Map.of("imports", -1, "exports", -1))
                .nats("imports", List.of(Map.of("subject", "x", "type", "stream")))).blockingText(true));
        assertEquals("import \"x\" contains an invalid activation token",
            account(TestJwts.account(pub(account)).nats("limits", Map.of("imports", -1, "exports", -1))
                .nats("imports", List.of(Map.of("subject", "x", "type", "stream", "account", other,
                    "token", "not.a.jwt")))).blockingText(true));
        assertEquals("the account contains more imports than allowed by the operator",
            account(TestJwts.account(pub(account)).nats("limits", Map.of("imports", 0, "exports", -1))
                .nats("imports", List.of(Map.of("subject", "x", "type", "stream", "account", other))))
                .blockingText(true).split("; ")[0]);
    }

    @Test
    void aValidActivationTokenPasses()
    {
        final NKey exporter = TestJwts.accountKey();
        final String token = TestJwts.activation(pub(account)).nats("subject", "feed.>").nats("kind", "stream")
            .sign(exporter);
        final ValidationResults vr = account(TestJwts.account(pub(account))
            .nats("limits", Map.of("imports", -1, "exports", -1))
            .nats("imports", List.of(Map.of("subject", "feed.a", "type", "stream", "account", pub(exporter),
                "token", token))));
        assertFalse(vr.isBlocking(true), vr.toString());
    }

    @Test
    void operatorFieldsAreChecked()
    {
        final ValidationResults vr = ClaimsValidator.validate(JwtDecoder.decodeOperator(TestJwts.operator(operator)
            .nats("signing_keys", List.of(pub(account)))
            .nats("operator_service_urls", List.of("http://x:4222"))
            .nats("assert_server_version", "2.x.0").sign(operator)), NOW);
        final List<String> issues = vr.issues().stream().map(ValidationResults.Issue::description).toList();
        assertEquals(List.of(
            "operator service url \"http://x:4222\" - protocol not supported (only 'nats' or 'tls' only)",
            pub(account) + " is not an operator public key",
            "assert server version error: asserted server version cant parse x to int"), issues);
        assertTrue(vr.isBlocking(false));
    }
}
