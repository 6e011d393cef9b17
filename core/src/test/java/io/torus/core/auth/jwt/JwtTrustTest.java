package io.torus.core.auth.jwt;

import io.nats.client.NKey;
import io.torus.core.auth.nkey.NonceChallenge;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static io.torus.core.auth.jwt.TestJwts.pub;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The trust chain operator -> account -> user, and each way it must refuse, with the Go server's reasons.
 */
class JwtTrustTest
{
    /** 2026-11-21T12:00:00Z: a fixed "now" so that expiry and connect windows are exact. */
    private static final long NOW = Instant.parse("2026-11-21T12:00:00Z").getEpochSecond();
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC);

    private final NKey operator = TestJwts.operatorKey();
    private final NKey operatorSigner = TestJwts.operatorKey();
    private final NKey account = TestJwts.accountKey();
    private final NKey accountSigner = TestJwts.accountKey();
    private final NKey user = TestJwts.userKey();
    private final String nonce = NonceChallenge.newNonce();

    private OperatorClaims operatorClaims(final boolean strict)
    {
        return JwtDecoder.decodeOperator(TestJwts.operator(operator)
            .nats("signing_keys", List.of(pub(operatorSigner)))
            .nats("strict_signing_key_usage", strict)
            .sign(operator));
    }

    private JwtTrust trust()
    {
        return JwtTrust.of(List.of(operatorClaims(false)), List.of(), null, CLOCK);
    }

    private TestJwts.Claims accountClaims()
    {
        return TestJwts.account(pub(account)).set("iat", NOW - 100)
            .nats("signing_keys", List.of(pub(accountSigner)))
            .nats("limits", Map.of("conn", -1, "subs", -1, "payload", -1, "imports", -1, "exports", -1,
                "wildcards", true, "data", -1, "leaf", -1));
    }

    private TestJwts.Claims userClaims()
    {
        return TestJwts.user(pub(user)).set("iat", NOW - 10);
    }

    private JwtAuthResult connect(final JwtTrust trust, final String accountJwt, final String userJwt,
                                  final String sig)
    {
        final MemoryAccountResolver resolver = new MemoryAccountResolver(trust, Map.of(pub(account), accountJwt));
        return trust.authenticate(userJwt, sig, nonce, JwtTrust.STANDARD, "127.0.0.1", resolver);
    }

    private JwtAuthResult connect(final String accountJwt, final String userJwt)
    {
        return connect(trust(), accountJwt, userJwt, TestJwts.signNonce(user, nonce));
    }

    @Test
    void shouldTrustAUserOfAnAccountOfATrustedOperator()
    {
        final String accountJwt = accountClaims().sign(operator);
        final String userJwt = userClaims().nats("pub", Map.of("allow", List.of("orders.>"))).sign(account);
        final JwtAuthResult r = connect(accountJwt, userJwt);
        assertNull(r.failure());
        assertTrue(r.ok());
        assertEquals(pub(account), r.accountKey());
        assertEquals(pub(user), r.user().claims().subject());
        assertEquals(List.of("orders.>"), r.permissions().pub().allow());
        assertEquals(0, r.expiresInNanos());
    }

    @Test
    void shouldTrustAccountsSignedByAnOperatorSigningKeyAndUsersSignedByAnAccountSigningKey()
    {
        final String accountJwt = accountClaims().sign(operatorSigner);
        final String userJwt = userClaims().nats("issuer_account", pub(account)).sign(accountSigner);
        final JwtAuthResult r = connect(accountJwt, userJwt);
        assertNull(r.failure());
        assertEquals(pub(account), r.accountKey());
        assertNull(r.permissions(), "no permissions in the JWT and no defaults: unrestricted");
    }

    @Test
    void shouldRefuseAnAccountOfAnUntrustedOperator()
    {
        final NKey stranger = TestJwts.operatorKey();
        final String accountJwt = accountClaims().sign(stranger);
        final String userJwt = userClaims().sign(account);
        assertEquals("Account JWT lookup error: account validation failed", connect(accountJwt, userJwt).failure());
        // An account source that hands over claims without checking them is still caught.
        final AccountClaims unchecked = JwtDecoder.decodeAccount(accountJwt);
        final JwtAuthResult r = trust().authenticate(userJwt, TestJwts.signNonce(user, nonce), nonce,
            JwtTrust.STANDARD, "127.0.0.1", key -> unchecked);
        assertEquals("Account JWT not signed by trusted operator", r.failure());
    }

    @Test
    void shouldRefuseAUserSignedByAKeyTheAccountDoesNotKnow()
    {
        final String accountJwt = accountClaims().sign(operator);
        final NKey other = TestJwts.accountKey();
        final String userJwt = userClaims().nats("issuer_account", pub(account)).sign(other);
        assertEquals("User JWT issuer is not known", connect(accountJwt, userJwt).failure());
    }

    @Test
    void shouldRefuseAUserOfAnUnknownAccount()
    {
        final String accountJwt = accountClaims().sign(operator);
        final NKey other = TestJwts.accountKey();
        assertEquals("Account JWT lookup error: account missing",
            connect(accountJwt, userClaims().sign(other)).failure());
    }

    @Test
    void shouldRefuseExpiredAndNotYetValidJwts()
    {
        final String accountJwt = accountClaims().sign(operator);
        assertEquals("User JWT no longer valid: claim is expired",
            connect(accountJwt, userClaims().set("exp", NOW - 1).sign(account)).failure());
        assertEquals("User JWT no longer valid: claim is not yet valid",
            connect(accountJwt, userClaims().set("nbf", NOW + 60).sign(account)).failure());
        assertEquals("Account JWT lookup error: account validation failed",
            connect(accountClaims().set("exp", NOW - 1).sign(operator), userClaims().sign(account)).failure());

        // A JWT that expires later is accepted, and the client is to be closed then.
        final JwtAuthResult r = connect(accountJwt, userClaims().set("exp", NOW + 90).sign(account));
        assertNull(r.failure());
        assertEquals(TimeUnit.SECONDS.toNanos(90), r.expiresInNanos());
    }

    @Test
    void shouldRefuseARevokedUser()
    {
        final String userJwt = userClaims().sign(account); // issued at NOW - 10
        assertEquals("User authentication revoked", connect(accountClaims()
            .nats("revocations", Map.of(pub(user), NOW - 10)).sign(operator), userJwt).failure());
        assertEquals("User authentication revoked", connect(accountClaims()
            .nats("revocations", Map.of("*", NOW)).sign(operator), userJwt).failure());
        // Revoked before this JWT was issued: a JWT issued later is valid again.
        assertNull(connect(accountClaims().nats("revocations", Map.of(pub(user), NOW - 11, "*", NOW - 20))
            .sign(operator), userJwt).failure());
    }

    @Test
    void shouldRequireTheNonceSignatureUnlessBearer()
    {
        final String accountJwt = accountClaims().sign(operator);
        final String userJwt = userClaims().sign(account);
        final JwtTrust trust = trust();
        assertEquals("Signature missing", connect(trust, accountJwt, userJwt, null).failure());
        assertEquals("Signature not valid base64", connect(trust, accountJwt, userJwt, "%%%").failure());
        assertEquals("Signature not verified",
            connect(trust, accountJwt, userJwt, TestJwts.signNonce(TestJwts.userKey(), nonce)).failure());
        assertEquals("Signature not verified",
            connect(trust, accountJwt, userJwt, TestJwts.signNonce(user, "another nonce")).failure());

        final String bearer = userClaims().nats("bearer_token", true).sign(account);
        assertNull(connect(trust, accountJwt, bearer, null).failure());
        assertEquals("Account does not allow bearer token", connect(trust, accountClaims()
            .nats("limits", Map.of("disallow_bearer", true)).sign(operator), bearer, null).failure());
    }

    @Test
    void shouldHonourStrictSigningKeyUsage()
    {
        final JwtTrust strict = JwtTrust.of(List.of(operatorClaims(true)), List.of(), null, CLOCK);
        assertTrue(!strict.isTrustedIssuer(pub(operator)) && strict.isTrustedIssuer(pub(operatorSigner)));
        final String signedByOperator = accountClaims().sign(operator);
        assertEquals("Account JWT lookup error: account validation failed",
            connect(strict, signedByOperator, userClaims().sign(account), TestJwts.signNonce(user, nonce)).failure());
        // Accounts signed by a strict signing key sign users only with their own signing keys.
        final String signedBySigner = accountClaims().sign(operatorSigner);
        assertEquals("User JWT issuer is not known",
            connect(strict, signedBySigner, userClaims().sign(account), TestJwts.signNonce(user, nonce)).failure());
        assertNull(connect(strict, signedBySigner, userClaims().nats("issuer_account", pub(account))
            .sign(accountSigner), TestJwts.signNonce(user, nonce)).failure());
    }

    @Test
    void shouldApplyAScopedSigningKeysTemplate()
    {
        final NKey scoped = TestJwts.accountKey();
        final String accountJwt = accountClaims().nats("signing_keys", List.of(Map.of("kind", "user_scope",
            "key", pub(scoped), "role", "tenant", "template", Map.of(
                "pub", Map.of("allow", List.of("{{name()}}.>", "t.{{tag(team)}}.>")),
                "sub", Map.of("allow", List.of("_INBOX.>", "{{account-name()}}.{{subject()}}")),
                "subs", 7)))).set("name", "acme").sign(operator);
        final String userJwt = userClaims().set("name", "alice").nats("tags", List.of("team:red", "team:blue"))
            .nats("issuer_account", pub(account)).sign(scoped);
        final JwtAuthResult r = connect(accountJwt, userJwt);
        assertNull(r.failure());
        assertEquals(List.of("alice.>", "t.red.>", "t.blue.>"), r.permissions().pub().allow());
        assertEquals(List.of("_INBOX.>", "acme." + pub(user)), r.permissions().sub().allow());
        assertEquals(7, r.effective().limits().subs());

        final String withOwnPermissions = userClaims().nats("issuer_account", pub(account))
            .nats("pub", Map.of("allow", List.of(">"))).sign(scoped);
        assertEquals("User JWT is not valid: scoped users require no permissions or limits set",
            connect(accountJwt, withOwnPermissions).failure());
    }

    @Test
    void shouldUseTheAccountsDefaultPermissionsForUsersWithoutTheirOwn()
    {
        final String accountJwt = accountClaims()
            .nats("default_permissions", Map.of("pub", Map.of("deny", List.of("admin.>")))).sign(operator);
        assertEquals(List.of("admin.>"), connect(accountJwt, userClaims().sign(account)).permissions().pub().deny());
        assertEquals(List.of("x"), connect(accountJwt, userClaims().nats("sub", Map.of("allow", List.of("x")))
            .sign(account)).permissions().sub().allow());
    }

    @Test
    void shouldCheckSourceAddressesConnectTimesAndConnectionTypes()
    {
        final String accountJwt = accountClaims().sign(operator);
        final JwtTrust trust = trust();
        final MemoryAccountResolver resolver = new MemoryAccountResolver(trust, Map.of(pub(account), accountJwt));
        final String sig = TestJwts.signNonce(user, nonce);

        final String fromLocal = userClaims().nats("src", List.of("127.0.0.0/8", "::1/128")).sign(account);
        assertNull(trust.authenticate(fromLocal, sig, nonce, "STANDARD", "127.0.0.1", resolver).failure());
        assertNull(trust.authenticate(fromLocal, sig, nonce, "STANDARD", "::1", resolver).failure());
        assertEquals("Bad src Ip 10.1.2.3",
            trust.authenticate(fromLocal, sig, nonce, "STANDARD", "10.1.2.3", resolver).failure());

        // 12:00 UTC is inside 09:00-17:00 (5 h left) and outside 13:00-14:00.
        final String office = userClaims().nats("times", List.of(Map.of("start", "09:00:00", "end", "17:00:00")))
            .sign(account);
        final JwtAuthResult in = trust.authenticate(office, sig, nonce, "STANDARD", "127.0.0.1", resolver);
        assertNull(in.failure());
        assertEquals(TimeUnit.HOURS.toNanos(5), in.expiresInNanos());
        final String lunch = userClaims().nats("times", List.of(Map.of("start", "12:30:00", "end", "14:00:00")))
            .sign(account);
        assertEquals("Outside connect times",
            trust.authenticate(lunch, sig, nonce, "STANDARD", "127.0.0.1", resolver).failure());
        final String berlin = userClaims().nats("times", List.of(Map.of("start", "12:30:00", "end", "14:00:00")))
            .nats("times_location", "Europe/Berlin").sign(account);
        assertNull(trust.authenticate(berlin, sig, nonce, "STANDARD", "127.0.0.1", resolver).failure(),
            "12:00 UTC is 13:00 in Berlin in November");

        final String wsOnly = userClaims().nats("allowed_connection_types", List.of("websocket")).sign(account);
        assertEquals("Connection type not allowed",
            trust.authenticate(wsOnly, sig, nonce, "STANDARD", "127.0.0.1", resolver).failure());
        assertNull(trust.authenticate(wsOnly, sig, nonce, "WEBSOCKET", "127.0.0.1", resolver).failure());
        final String unknownOnly = userClaims().nats("allowed_connection_types", List.of("CARRIER_PIGEON"))
            .sign(account);
        assertEquals("invalid connection types [\"CARRIER_PIGEON\"]",
            trust.authenticate(unknownOnly, sig, nonce, "STANDARD", "127.0.0.1", resolver).failure());
    }

    @Test
    void shouldRefuseAccountsThatAreNotPinned()
    {
        final JwtTrust pinned = JwtTrust.of(List.of(operatorClaims(false)), List.of(),
            Set.of(pub(TestJwts.accountKey())), CLOCK);
        assertEquals("Account " + pub(account) + " not listed as operator pinned account", connect(pinned,
            accountClaims().sign(operator), userClaims().sign(account), TestJwts.signNonce(user, nonce)).failure());
    }

    @Test
    void shouldRefuseWhatIsNotAUserJwt()
    {
        final String accountJwt = accountClaims().sign(operator);
        assertEquals("Authentication requires a user JWT", connect(accountJwt, "").failure());
        assertEquals("User JWT not valid: not user claim", connect(accountJwt, accountJwt).failure());
        assertEquals("User JWT not valid: expected 3 chunks", connect(accountJwt, "garbage").failure());
        assertEquals("User JWT no longer valid: Permission Subject \"a b\" is not allowed to contain queue",
            connect(accountJwt, userClaims().nats("pub", Map.of("allow", List.of("a b"))).sign(account)).failure());
    }

    @Test
    void revocationIsAtOrBeforeTheRevocationTime()
    {
        assertTrue(JwtTrust.isRevoked(Map.of("U", 100L), "U", 100));
        assertTrue(JwtTrust.isRevoked(Map.of("U", 100L), "U", 99));
        assertTrue(!JwtTrust.isRevoked(Map.of("U", 100L), "U", 101));
        assertTrue(JwtTrust.isRevoked(Map.of("*", 100L), "V", 100));
        assertTrue(!JwtTrust.isRevoked(Map.of(), "V", 100));
    }
}
