package io.torus.core.auth.jwt;

import io.nats.client.NKey;
import io.nats.client.support.JwtUtils;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static io.torus.core.auth.jwt.TestJwts.pub;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JwtDecoderTest
{
    private final NKey operator = TestJwts.operatorKey();
    private final NKey account = TestJwts.accountKey();
    private final NKey user = TestJwts.userKey();

    private static String error(final Runnable r)
    {
        return assertThrows(JwtException.class, r::run).getMessage();
    }

    @Test
    void shouldDecodeAnOperatorJwt()
    {
        final NKey signing = TestJwts.operatorKey();
        final String jwt = TestJwts.operator(operator)
            .set("name", "ACME")
            .nats("signing_keys", List.of(pub(signing)))
            .nats("system_account", pub(account))
            .nats("assert_server_version", "2.9.0")
            .nats("strict_signing_key_usage", true)
            .nats("tags", List.of("env:prod"))
            .sign(operator);
        final OperatorClaims o = JwtDecoder.decodeOperator(jwt);
        assertEquals(pub(operator), o.claims().subject());
        assertEquals(pub(operator), o.claims().issuer());
        assertEquals("ACME", o.claims().name());
        assertEquals(List.of(pub(signing)), o.signingKeys());
        assertEquals(pub(account), o.systemAccount());
        assertEquals("2.9.0", o.assertServerVersion());
        assertTrue(o.strictSigningKeyUsage());
        assertEquals(List.of("env:prod"), o.tags());
        assertEquals(2, o.version());
    }

    @Test
    void shouldDecodeAnAccountJwtWithLimitsImportsExportsSigningKeysAndRevocations()
    {
        final NKey signer = TestJwts.accountKey();
        final NKey scoped = TestJwts.accountKey();
        final String exporter = pub(TestJwts.accountKey());
        final String jwt = TestJwts.account(pub(account))
            .set("exp", 4_000_000_000L)
            .nats("limits", Map.of("conn", 10, "subs", -1, "payload", 1024, "imports", -1, "exports", -1,
                "wildcards", true, "leaf", 2, "data", -1, "disallow_bearer", true))
            .nats("exports", List.of(
                Map.of("name", "svc", "subject", "help.>", "type", "service", "response_type", "Stream",
                    "response_threshold", 2_000_000_000L),
                Map.of("subject", "events.*", "type", "stream", "token_req", true,
                    "revocations", Map.of(exporter, 1000))))
            .nats("imports", List.of(
                Map.of("name", "in", "subject", "other.help", "account", exporter, "type", "service",
                    "local_subject", "help.other"),
                Map.of("subject", "feed.>", "account", exporter, "type", "stream", "to", "imported")))
            .nats("signing_keys", List.of(pub(signer), Map.of("kind", "user_scope", "key", pub(scoped),
                "role", "dev", "template", Map.of("pub", Map.of("allow", List.of("dev.>")), "subs", 5))))
            .nats("revocations", Map.of(pub(user), 1234, "*", 99))
            .nats("default_permissions", Map.of("sub", Map.of("deny", List.of("secret.>"))))
            .nats("mappings", Map.of("a", List.of(Map.of("subject", "b", "weight", 40))))
            .sign(operator);
        final AccountClaims a = JwtDecoder.decodeAccount(jwt);
        assertEquals(pub(account), a.claims().subject());
        assertEquals(pub(operator), a.claims().issuer());
        assertEquals(4_000_000_000L, a.claims().expires());

        final AccountLimits l = a.limits();
        assertEquals(10, l.conn());
        assertEquals(-1, l.subs());
        assertEquals(1024, l.payload());
        assertEquals(2, l.leaf());
        assertTrue(l.wildcards());
        assertTrue(l.disallowBearer());

        assertEquals(2, a.exports().size());
        final Export svc = a.exports().get(0);
        assertEquals(ExportType.SERVICE, svc.type());
        assertEquals("help.>", svc.subject());
        assertEquals("Stream", svc.responseType());
        assertEquals(2_000_000_000L, svc.responseThresholdNanos());
        final Export stream = a.exports().get(1);
        assertEquals(ExportType.STREAM, stream.type());
        assertTrue(stream.tokenReq());
        assertEquals(Map.of(exporter, 1000L), stream.revocations());

        final Import in = a.imports().get(0);
        assertEquals(ExportType.SERVICE, in.type());
        assertEquals(exporter, in.account());
        assertEquals("help.other", in.localSubject());
        assertEquals("imported", a.imports().get(1).to());

        assertEquals(2, a.signingKeys().size());
        assertNull(a.signingKeys().get(pub(signer)).scope());
        final UserScope scope = a.signingKeys().get(pub(scoped)).scope();
        assertEquals("dev", scope.role());
        assertEquals(List.of("dev.>"), scope.template().permissions().pub().allow());
        assertEquals(5, scope.template().limits().subs());
        // A scope template starts with "no limit" where its JSON says nothing, as the jwt library's NewUserScope.
        assertEquals(-1, scope.template().limits().payload());

        assertEquals(Map.of(pub(user), 1234L, "*", 99L), a.revocations());
        assertEquals(List.of("secret.>"), a.defaultPermissions().sub().deny());
        assertEquals(List.of(new WeightedMapping("b", 40, "")), a.mappings().get("a"));
    }

    @Test
    void shouldDecodeAUserJwtAsGoFillsAbsentFields()
    {
        final String jwt = TestJwts.user(pub(user))
            .nats("pub", Map.of("allow", List.of("foo.>"), "deny", List.of("foo.secret")))
            .nats("sub", Map.of("allow", List.of("bar.* q1")))
            .nats("resp", Map.of("max", 1, "ttl", 5_000_000_000L))
            .nats("src", "10.0.0.0/8, 127.0.0.1/32,10.0.0.0/8")
            .nats("times", List.of(Map.of("start", "09:00:00", "end", "17:00:00")))
            .nats("times_location", "Europe/Berlin")
            .nats("subs", 100)
            .nats("bearer_token", true)
            .nats("allowed_connection_types", List.of("STANDARD", "WEBSOCKET"))
            .nats("issuer_account", pub(account))
            .nats("tags", List.of("team:a"))
            .sign(account);
        final UserClaims u = JwtDecoder.decodeUser(jwt);
        assertEquals(pub(user), u.claims().subject());
        assertEquals(pub(account), u.account());
        final UserPermissionLimits p = u.user();
        assertEquals(List.of("foo.>"), p.permissions().pub().allow());
        assertEquals(List.of("foo.secret"), p.permissions().pub().deny());
        assertEquals(List.of("bar.* q1"), p.permissions().sub().allow());
        assertEquals(new ResponsePermission(1, 5_000_000_000L), p.permissions().resp());
        assertEquals(List.of("10.0.0.0/8", "127.0.0.1/32"), p.limits().src());
        assertEquals(List.of(new TimeRange("09:00:00", "17:00:00")), p.limits().times());
        assertEquals("Europe/Berlin", p.limits().locale());
        assertEquals(100, p.limits().subs());
        // Absent limits decode as 0, as Go's json leaves them; nsc writes -1 for "no limit".
        assertEquals(0, p.limits().payload());
        assertTrue(p.bearerToken());
        assertEquals(List.of("STANDARD", "WEBSOCKET"), p.allowedConnectionTypes());
        assertEquals(List.of("team:a"), u.tags());
    }

    @Test
    void shouldDecodeUserJwtsIssuedByJnats() throws Exception
    {
        // jnats's JwtUtils is an encoder we did not write: its JWTs must decode and verify here.
        final String jwt = JwtUtils.issueUserJWT(account, pub(user), "bob", Duration.ofHours(1),
            System.currentTimeMillis() / 1000, new JwtUtils.UserClaim(pub(account)).tags("a", "b")
                .pub(new JwtUtils.Permission().allow("x.>")).subs(-1).payload(-1));
        final UserClaims u = JwtDecoder.decodeUser(jwt);
        assertEquals("bob", u.claims().name());
        assertEquals(pub(account), u.claims().issuer());
        assertEquals(pub(account), u.issuerAccount());
        assertEquals(List.of("x.>"), u.user().permissions().pub().allow());
        assertEquals(-1, u.user().limits().payload());
        assertTrue(u.claims().expires() > u.claims().issuedAt());
        assertEquals(List.of("a", "b"), u.tags());
    }

    @Test
    void shouldRefuseATamperedPayloadOrSignature()
    {
        final String jwt = TestJwts.user(pub(user)).nats("pub", Map.of("allow", List.of("a"))).sign(account);
        final String[] parts = jwt.split("\\.");
        final String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        final String widened = claims.replace("[\"a\"]", "[\">\"]");
        assertFalse(widened.equals(claims));
        final String tampered = parts[0] + "." +
            Base64.getUrlEncoder().withoutPadding().encodeToString(widened.getBytes(StandardCharsets.UTF_8)) + "." +
            parts[2];
        assertEquals("claim failed V2 signature verification", error(() -> JwtDecoder.decodeUser(tampered)));

        final byte[] sig = Base64.getUrlDecoder().decode(parts[2]);
        sig[5] ^= 4;
        final String badSig = parts[0] + "." + parts[1] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(sig);
        assertEquals("claim failed V2 signature verification", error(() -> JwtDecoder.decodeUser(badSig)));

        // Claiming another issuer does not help: the signature is checked against the claimed issuer.
        final String otherIssuer = TestJwts.signRaw(account, TestJwts.HEADER,
            TestJwts.user(pub(user)).json(pub(TestJwts.accountKey())));
        assertEquals("claim failed V2 signature verification", error(() -> JwtDecoder.decodeUser(otherIssuer)));
    }

    @Test
    void shouldRefuseMalformedTokensWithTheLibraryTexts()
    {
        final String jwt = TestJwts.user(pub(user)).sign(account);
        assertEquals("expected 3 chunks", error(() -> JwtDecoder.decode("a.b")));
        assertEquals("expected 3 chunks", error(() -> JwtDecoder.decode(jwt + ".x")));
        assertTrue(error(() -> JwtDecoder.decode("e*J.e.e")).startsWith("illegal base64 data at input byte"));
        assertEquals("not supported type \"JOSE\"", error(() -> JwtDecoder.decode(
            TestJwts.signRaw(account, "{\"typ\":\"JOSE\",\"alg\":\"ed25519-nkey\"}", "{}"))));
        assertEquals("unexpected \"HS256\" algorithm", error(() -> JwtDecoder.decode(
            TestJwts.signRaw(account, "{\"typ\":\"jwt\",\"alg\":\"HS256\"}", "{}"))));
        assertEquals("JWT was generated by a newer version ", error(() -> JwtDecoder.decode(
            TestJwts.user(pub(user)).nats("version", 3).sign(account))));
        // A version 1 claim signed the v2 way does not verify: v1 signs the payload alone.
        assertEquals("claim failed V1 signature verification", error(() -> JwtDecoder.decode(TestJwts.signRaw(account,
            TestJwts.HEADER, "{\"sub\":\"" + pub(user) + "\",\"type\":\"user\",\"iss\":\"" + pub(account) + "\"}"))));
        assertEquals("not user claim", error(() -> JwtDecoder.decodeUser(
            TestJwts.account(pub(account)).sign(operator))));
        assertEquals("not account claim", error(() -> JwtDecoder.decodeAccount(jwt)));
        assertTrue(error(() -> JwtDecoder.decode(TestJwts.user(pub(user)).nats("subs", "many").sign(account)))
            .startsWith("json: cannot unmarshal string"));
        // The old "ed25519" algorithm name is still read, as the library reads it.
        assertEquals(pub(user), JwtDecoder.decodeUser(TestJwts.signRaw(account,
            "{\"typ\":\"JWT\",\"alg\":\"ed25519\"}", TestJwts.user(pub(user)).json(pub(account)))).claims().subject());
    }

    @Test
    void shouldReadVersionOneJwtsAsTheLibraryMigratesThem()
    {
        final NKey signer = TestJwts.accountKey();
        final UserClaims u = JwtDecoder.decodeUser(TestJwts.signV1(signer, "{\"jti\":\"X\",\"iat\":1500000000," +
            "\"iss\":\"" + pub(signer) + "\",\"sub\":\"" + pub(user) + "\",\"type\":\"user\",\"tags\":[\"t\"]," +
            "\"issuer_account\":\"" + pub(account) + "\",\"nats\":{\"pub\":{\"allow\":[\"a\"]},\"subs\":10}}"));
        assertEquals(1, u.version());
        assertEquals(pub(account), u.issuerAccount());
        assertEquals(List.of("t"), u.tags());
        assertEquals(List.of("a"), u.user().permissions().pub().allow());
        assertEquals(10, u.user().limits().subs());
        assertEquals(-1, u.user().limits().payload(), "v1 users start without limits");

        final AccountClaims a = JwtDecoder.decodeAccount(TestJwts.signV1(operator, "{\"jti\":\"Y\",\"iat\":1500000000," +
            "\"iss\":\"" + pub(operator) + "\",\"sub\":\"" + pub(account) + "\",\"type\":\"account\"," +
            "\"nats\":{\"limits\":{\"conn\":-1,\"imports\":-1},\"signing_keys\":[\"" + pub(signer) + "\"]," +
            "\"exports\":[{\"subject\":\"s.>\",\"type\":\"service\"}]}}"));
        assertEquals(1, a.version());
        assertEquals(-1, a.limits().conn());
        assertEquals(List.of(pub(signer)), List.copyOf(a.signingKeys().keySet()));
        assertEquals(ExportType.SERVICE, a.exports().get(0).type());

        final OperatorClaims o = JwtDecoder.decodeOperator(TestJwts.signV1(operator, "{\"jti\":\"Z\",\"iat\":1," +
            "\"iss\":\"" + pub(operator) + "\",\"sub\":\"" + pub(operator) + "\",\"type\":\"operator\"," +
            "\"nats\":{\"system_account\":\"" + pub(account) + "\"}}"));
        assertEquals(pub(account), o.systemAccount());
        assertEquals(1, o.version());
    }

    @Test
    void shouldRefuseAnIssuerOfTheWrongKind()
    {
        assertEquals("unable to validate expected prefixes - [account]",
            error(() -> JwtDecoder.decodeUser(TestJwts.user(pub(user)).sign(operator))));
        assertEquals("unable to validate expected prefixes - [account operator]",
            error(() -> JwtDecoder.decodeAccount(TestJwts.account(pub(account)).sign(user))));
        assertEquals("unable to validate expected prefixes - [operator]",
            error(() -> JwtDecoder.decodeOperator(TestJwts.operator(operator).sign(account))));
    }
}
