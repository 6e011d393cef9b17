package io.torus.core.options;

import io.nats.client.NKey;
import io.torus.core.auth.jwt.CredsFiles;
import io.torus.core.auth.jwt.JwtAuthResult;
import io.torus.core.auth.jwt.JwtTrust;
import io.torus.core.auth.jwt.MemoryAccountResolver;
import io.torus.core.auth.jwt.TestJwts;
import io.torus.core.auth.nkey.NonceChallenge;
import io.torus.core.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import static io.torus.core.auth.jwt.TestJwts.pub;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OperatorConfigMapperTest
{
    @TempDir
    Path dir;

    private final NKey operator = TestJwts.operatorKey();
    private final NKey system = TestJwts.accountKey();
    private final NKey account = TestJwts.accountKey();
    private final NKey user = TestJwts.userKey();

    private String operatorJwt()
    {
        return TestJwts.operator(operator).nats("system_account", pub(system)).sign(operator);
    }

    private String accountJwt(final NKey acc)
    {
        return TestJwts.account(pub(acc)).nats("limits", Map.of("conn", -1, "subs", -1, "payload", -1,
            "imports", -1, "exports", -1, "wildcards", true, "data", -1, "leaf", -1)).sign(operator);
    }

    private ServerOptions apply(final String... lines) throws IOException
    {
        final Path f = dir.resolve("server.conf");
        Files.writeString(f, String.join("\n", lines));
        final ServerOptions o = new ServerOptions();
        ConfigFileOptions.apply(f, o);
        return o;
    }

    private String error(final String... lines)
    {
        return assertThrows(ConfigException.class, () -> apply(lines)).getMessage();
    }

    @Test
    void shouldMapAnInlineOperatorWithAMemoryResolverAndPreloadedAccounts() throws IOException
    {
        final ServerOptions o = apply(
            "operator: \"" + operatorJwt() + "\"",
            "resolver: MEMORY",
            "resolver_preload: {",
            "  " + pub(system) + ": \"" + accountJwt(system) + "\"",
            "  " + pub(account) + ": " + accountJwt(account),
            "}");
        final OperatorConfig c = o.operator;
        assertEquals(1, c.operators().size());
        assertEquals(pub(operator), c.operators().get(0).claims().subject());
        assertEquals(OperatorConfig.Resolver.MEMORY, c.resolver());
        assertEquals(pub(system), c.systemAccount(), "taken from the operator JWT");
        assertEquals(2, c.preloaded().size());
        assertEquals(pub(account), c.preloaded().get(pub(account)).claims().subject());
        assertTrue(c.pinnedAccounts().isEmpty());
    }

    @Test
    void shouldAuthenticateAUserEndToEndFromTheMappedConfig() throws IOException
    {
        final ServerOptions o = apply(
            "operator: \"" + operatorJwt() + "\"",
            "resolver: MEM",
            "resolver_preload: { " + pub(account) + ": \"" + accountJwt(account) + "\" }");
        final JwtTrust trust = o.operator.trust(Clock.systemUTC());
        final MemoryAccountResolver resolver = o.operator.memoryResolver(trust);
        final String nonce = NonceChallenge.newNonce();
        final String userJwt = TestJwts.user(pub(user)).sign(account);
        final JwtAuthResult r = trust.authenticate(userJwt, TestJwts.signNonce(user, nonce), nonce,
            JwtTrust.STANDARD, "127.0.0.1", resolver);
        assertNull(r.failure());
        assertEquals(pub(account), r.accountKey());
    }

    @Test
    void shouldTrustAccountsSignedByTrustedKeysWithoutAnOperatorJwt() throws IOException
    {
        final ServerOptions o = apply(
            "trusted_keys: [\"" + pub(operator) + "\"]",
            "resolver: MEMORY",
            "resolver_preload: { " + pub(account) + ": \"" + accountJwt(account) + "\" }");
        assertTrue(o.operator.operators().isEmpty());
        final JwtTrust trust = o.operator.trust(Clock.systemUTC());
        final String nonce = NonceChallenge.newNonce();
        final JwtAuthResult r = trust.authenticate(TestJwts.user(pub(user)).sign(account),
            TestJwts.signNonce(user, nonce), nonce, JwtTrust.STANDARD, "127.0.0.1", o.operator.memoryResolver(trust));
        assertNull(r.failure());
        assertEquals(1, o.accounts.size(), "the preloaded account is an account of the server");
    }

    @Test
    void shouldReadOperatorJwtFilesPlainOrDecoratedAndLists() throws IOException
    {
        final Path plain = Files.writeString(dir.resolve("op.jwt"), operatorJwt() + "\n");
        final NKey second = TestJwts.operatorKey();
        final Path decorated = Files.writeString(dir.resolve("op2.jwt"),
            CredsFiles.decorate(TestJwts.operator(second).sign(second), "operator"));
        final ServerOptions o = apply(
            "operators: [\"" + plain + "\", \"" + decorated + "\"]",
            "system_account: " + pub(system),
            "resolver: MEMORY");
        assertEquals(List.of(pub(operator), pub(second)),
            o.operator.operators().stream().map(op -> op.claims().subject()).toList());
        assertEquals(pub(system), o.operator.systemAccount());
        assertTrue(o.operator.trust(Clock.systemUTC()).isTrustedIssuer(pub(second)));
    }

    @Test
    void shouldRefuseWhatGoRefuses() throws IOException
    {
        final String op = "operator: \"" + operatorJwt() + "\"";
        assertTrue(error(op).endsWith("operators require an account resolver to be configured"));
        assertTrue(error(op, "resolver: MEMORY", "accounts: { A: {} }")
            .endsWith("operators do not allow Accounts to be configured directly"));
        assertTrue(error(op, "resolver: MEMORY", "authorization: { users: [ {user: a, password: b} ] }")
            .endsWith("operators do not allow users to be configured directly"));
        assertTrue(error(op, "resolver: MEMORY", "no_auth_user: bob")
            .endsWith("no_auth_user not compatible with Trusted Operator"));
        assertTrue(error(op, "resolver: MEMORY", "trusted: " + pub(TestJwts.operatorKey()))
            .endsWith("conflicting options for 'TrustedKeys' and 'TrustedOperators'"));
        assertTrue(error(op, "resolver: MEMORY", "system_account: " + pub(account))
            .endsWith("system_account in config and operator JWT must be identical"));
        assertTrue(error("trusted: [" + pub(account) + "]").endsWith(
            "trust key \"" + pub(account) + "\" required to be a valid public operator nkey"));
        assertTrue(error("operator: /no/such/op.jwt", "resolver: MEMORY")
            .endsWith("error parsing operator JWT: open /no/such/op.jwt: no such file or directory"));
        assertTrue(error("operator: \"eyJ.not.ajwt\"", "resolver: MEMORY").contains("error parsing operator JWT: "));
        assertTrue(error(op, "resolver: MEMORY", "resolver_preload: { " + pub(account) + ": \"eyJx.y.z\" }")
            .endsWith("invalid account JWT"));
        assertTrue(error(op, "resolver: MEMORY", "resolver_pinned_accounts: [" + pub(user) + "]")
            .endsWith("pinned account key \"" + pub(user) + "\" is not a valid public account nkey"));
        assertTrue(error(op, "resolver: LDAP").endsWith("error parsing account resolver, should be MEM or  " +
            "URL(\"url\") or a map containing dir and type state=[FULL|CACHE])"));
        final String future = TestJwts.operator(operator).nats("assert_server_version", "2.10.0").sign(operator);
        assertTrue(error("operator: \"" + future + "\"", "resolver: MEMORY").endsWith(
            "operator " + pub(operator) + " expected minor version 10 > server minor version 9"));
    }

    @Test
    void shouldRefuseResolversTorusDoesNotHaveYet()
    {
        final String op = "operator: \"" + operatorJwt() + "\"";
        assertTrue(error(op, "resolver: URL(\"http://localhost:9090/jwt/v1/accounts/\")")
            .contains("URL account resolver is not supported by Torus yet"));
        assertTrue(error(op, "resolver: { type: full, dir: \"/tmp/jwt\" }")
            .contains("nats account resolver (dir, type FULL or CACHE) is not supported by Torus yet"));
        final String withUrl = TestJwts.operator(operator).nats("account_server_url", "http://x/jwt/v1")
            .sign(operator);
        assertTrue(error("operator: \"" + withUrl + "\"").contains("account_server_url"));
    }

    @Test
    void shouldPinTheSystemAccountAlongWithPinnedAccounts() throws IOException
    {
        final ServerOptions o = apply("operator: \"" + operatorJwt() + "\"", "resolver: MEMORY",
            "resolver_pinned_accounts: " + pub(account));
        assertEquals(java.util.Set.of(pub(account), pub(system)), o.operator.pinnedAccounts());
    }

    @Test
    void shouldLeaveOperatorModeOffWithoutOperatorOrTrustedKeys() throws IOException
    {
        assertNull(apply("port: 4222").operator);
        // Without operators the system account names an account of the accounts block.
        assertTrue(error("system_account: " + pub(system)).contains("system_account: account \"" + pub(system) +
            "\" not defined"));
        final ServerOptions trustedOnly = apply("trusted_keys: [" + pub(operator) + "]");
        assertEquals(List.of(pub(operator)), trustedOnly.operator.trustedKeys());
        assertEquals(OperatorConfig.Resolver.NONE, trustedOnly.operator.resolver());
    }
}
