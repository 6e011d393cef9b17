package io.torus.io;

import io.nats.client.NKey;
import io.torus.core.auth.jwt.CredsFiles;
import io.torus.core.auth.jwt.JwtTrust;
import io.torus.core.auth.jwt.MemoryAccountResolver;
import io.torus.core.auth.jwt.TestJwts;
import io.torus.core.auth.nkey.NonceChallenge;
import io.torus.core.options.ConfigFileOptions;
import io.torus.core.options.ServerOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.torus.core.auth.jwt.TestJwts.pub;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The same operator-mode config file run by the Go server 2.9.10 ({@code /usr/sbin/nats-server}) and by Torus; the
 * same user JWTs and signatures must be accepted or refused by both, for the same reason (Go's debug log line against
 * Torus's trust rules). This checks the trust rules against Go itself, and the test JWT encoder against Go's
 * decoder.
 */
@Timeout(120)
final class OperatorModeGoParityTest
{
    private static final String GO_SERVER = "/usr/sbin/nats-server";
    private static final Map<String, Object> NO_LIMITS = Map.of("conn", -1, "subs", -1, "payload", -1,
        "imports", -1, "exports", -1, "wildcards", true, "data", -1, "leaf", -1);
    private static final Pattern NONCE = Pattern.compile("\"nonce\":\"([^\"]+)\"");

    @TempDir
    Path dir;
    private final Closer closeables = new Closer();

    @AfterEach
    void close()
    {
        closeables.closeAll();
    }

    /** One connection attempt: the user JWT and the key that signs the nonce (null: no signature). */
    private record Attempt(String name, String jwt, NKey signer)
    {
    }

    @Test
    void goAndTorusAcceptAndRefuseTheSameUsers() throws Exception
    {
        assertTrue(new File(GO_SERVER).canExecute(),
            GO_SERVER + " (the Go nats-server 2.9.10) must be installed for this test; CI installs it");
        final long now = System.currentTimeMillis() / 1000;
        final NKey operator = TestJwts.operatorKey();
        final NKey stranger = TestJwts.operatorKey();
        final NKey system = TestJwts.accountKey();
        final NKey a = TestJwts.accountKey();
        final NKey aSigner = TestJwts.accountKey();
        final NKey aScoped = TestJwts.accountKey();
        final NKey untrusted = TestJwts.accountKey();
        final NKey expired = TestJwts.accountKey();
        final NKey noBearer = TestJwts.accountKey();
        final NKey missing = TestJwts.accountKey();
        final NKey user = TestJwts.userKey();
        final NKey revoked = TestJwts.userKey();

        final Map<NKey, String> accounts = new LinkedHashMap<>();
        accounts.put(system, TestJwts.account(pub(system)).nats("limits", NO_LIMITS).sign(operator));
        accounts.put(a, TestJwts.account(pub(a)).nats("limits", NO_LIMITS)
            .nats("signing_keys", List.of(pub(aSigner), Map.of("kind", "user_scope", "key", pub(aScoped),
                "role", "r", "template", Map.of("pub", Map.of("allow", List.of("{{name()}}.>"))))))
            .nats("revocations", Map.of(pub(revoked), now)).sign(operator));
        accounts.put(untrusted, TestJwts.account(pub(untrusted)).nats("limits", NO_LIMITS).sign(stranger));
        accounts.put(expired, TestJwts.account(pub(expired)).set("exp", now - 10).nats("limits", NO_LIMITS)
            .sign(operator));
        final Map<String, Object> disallow = new LinkedHashMap<>(NO_LIMITS);
        disallow.put("disallow_bearer", true);
        accounts.put(noBearer, TestJwts.account(pub(noBearer)).nats("limits", disallow).sign(operator));

        final Path opFile = Files.writeString(dir.resolve("op.jwt"), CredsFiles.decorate(
            TestJwts.operator(operator).nats("system_account", pub(system)).sign(operator), "operator"));
        final StringBuilder conf = new StringBuilder("operator: \"" + opFile + "\"\nresolver: MEMORY\n" +
            "resolver_preload: {\n");
        accounts.forEach((k, jwt) -> conf.append("  ").append(pub(k)).append(": \"").append(jwt).append("\"\n"));
        conf.append("}\n");
        final Path file = Files.writeString(dir.resolve("server.conf"), conf.toString());

        final List<Attempt> attempts = List.of(
            new Attempt("good", u(user).sign(a), user),
            new Attempt("nonce signed by another key", u(user).sign(a), TestJwts.userKey()),
            new Attempt("no signature", u(user).sign(a), null),
            new Attempt("expired", u(user).set("exp", now - 5).sign(a), user),
            new Attempt("not yet valid", u(user).set("nbf", now + 3600).sign(a), user),
            new Attempt("account not preloaded", u(user).sign(missing), user),
            new Attempt("account of an untrusted operator", u(user).sign(untrusted), user),
            new Attempt("expired account", u(user).sign(expired), user),
            new Attempt("revoked", u(revoked).set("iat", now - 1).sign(a), revoked),
            new Attempt("issued after the revocation", u(revoked).set("iat", now + 1).sign(a), revoked),
            new Attempt("account signing key", u(user).nats("issuer_account", pub(a)).sign(aSigner), user),
            new Attempt("unknown signing key", u(user).nats("issuer_account", pub(a)).sign(TestJwts.accountKey()),
                user),
            new Attempt("scoped key, no own permissions", TestJwts.user(pub(user)).set("name", "ok")
                .nats("issuer_account", pub(a)).sign(aScoped), user),
            new Attempt("scoped key, own permissions", u(user).nats("issuer_account", pub(a))
                .nats("pub", Map.of("allow", List.of(">"))).sign(aScoped), user),
            new Attempt("bearer", u(user).nats("bearer_token", true).sign(a), null),
            new Attempt("bearer where the account disallows it", u(user).nats("bearer_token", true).sign(noBearer),
                null),
            new Attempt("src excludes loopback", u(user).nats("src", List.of("10.0.0.0/8")).sign(a), user),
            new Attempt("src includes loopback", u(user).nats("src", "10.0.0.0/8,127.0.0.0/8").sign(a), user),
            new Attempt("websocket only", u(user).nats("allowed_connection_types", List.of("WEBSOCKET")).sign(a),
                user),
            new Attempt("issued by the operator", u(user).sign(operator), user),
            new Attempt("queue group in a publish permission",
                u(user).nats("pub", Map.of("allow", List.of("a b"))).sign(a), user),
            new Attempt("version 1 user JWT", TestJwts.signV1(a, "{\"jti\":\"V1\",\"iat\":" + now + ",\"iss\":\"" +
                pub(a) + "\",\"sub\":\"" + pub(user) + "\",\"type\":\"user\",\"nats\":{\"pub\":{\"allow\":[\">\"]}}}"),
                user),
            new Attempt("version 1 user JWT signed the v2 way", TestJwts.signRaw(a, TestJwts.HEADER,
                "{\"jti\":\"V1\",\"iat\":" + now + ",\"iss\":\"" + pub(a) + "\",\"sub\":\"" + pub(user) +
                "\",\"type\":\"user\"}"), user),
            new Attempt("no JWT", "", user),
            new Attempt("not a JWT", "garbage", user),
            new Attempt("an account JWT", accounts.get(a), user),
            new Attempt("any time of day", u(user).nats("times", List.of(Map.of("start", "00:00:00",
                "end", "23:59:59"))).sign(a), user));

        final int goPort = freePort();
        final Path goLog = dir.resolve("go.log");
        final Process go = new ProcessBuilder(GO_SERVER, "-c", file.toString(), "-a", "127.0.0.1", "-p",
            Integer.toString(goPort), "-D").redirectErrorStream(true).redirectOutput(goLog.toFile()).start();
        closeables.add(() ->
        {
            go.destroy();
            go.waitFor(5, TimeUnit.SECONDS);
        });
        final TorusServer torus = TestServers.start(Transport.NIO, o -> ConfigFileOptions.apply(file, o));
        closeables.add(torus::shutdown);
        TestServers.await(10_000, "the Go server", () -> listening(goPort));

        // The reasons: Go's debug line before its "authentication error", Torus's from the same trust rules.
        final ServerOptions same = new ServerOptions();
        ConfigFileOptions.apply(file, same);
        final JwtTrust trust = same.operator.trust(Clock.systemDefaultZone());
        final MemoryAccountResolver resolver = same.operator.memoryResolver(trust);

        // What Go 2.9.10 accepts of these (checked against it when this test was written).
        final java.util.Set<String> goAccepts = java.util.Set.of("good", "issued after the revocation",
            "account signing key", "scoped key, no own permissions", "bearer", "src includes loopback",
            "version 1 user JWT", "any time of day");
        final List<String> differences = new ArrayList<>();
        int accepted = 0;
        for (final Attempt at : attempts)
        {
            final long logBefore = Files.size(goLog);
            final boolean goOk = connects(goPort, at);
            final boolean torusOk = connects(torus.port(), at);
            accepted += goOk ? 1 : 0;
            if (goOk != goAccepts.contains(at.name()))
            {
                differences.add(at.name() + ": Go " + (goOk ? "accepts" : "refuses") + " unexpectedly");
            }
            if (goOk != torusOk)
            {
                differences.add(at.name() + ": Go " + (goOk ? "accepts" : "refuses") + ", Torus " +
                    (torusOk ? "accepts" : "refuses"));
            }
            if (!goOk)
            {
                final String goReason = goReason(goLog, logBefore);
                final String nonce = NonceChallenge.newNonce();
                final String torusReason = trust.authenticate(at.jwt(), at.signer() == null ? null :
                    TestJwts.signNonce(at.signer(), nonce), nonce, JwtTrust.STANDARD, "127.0.0.1", resolver).failure();
                // Go prints its validation results as struct pointers: only the prefix can be compared there.
                final boolean sameReason = goReason.startsWith("User JWT no longer valid:") ?
                    String.valueOf(torusReason).startsWith("User JWT no longer valid:") : goReason.equals(torusReason);
                if (!sameReason)
                {
                    differences.add(at.name() + ": Go says \"" + goReason + "\", Torus \"" + torusReason + "\"");
                }
            }
        }
        assertEquals(List.of(), differences, () -> "Go log:\n" + readQuietly(goLog));
        assertEquals(goAccepts.size(), accepted);
    }

    /** The Go server's reason: the line just before its "authentication error" line, after {@code from}. */
    private static String goReason(final Path log, final long from) throws Exception
    {
        final long deadline = System.currentTimeMillis() + 3000;
        while (true)
        {
            final byte[] all = Files.readAllBytes(log);
            final String[] lines = new String(all, (int)from, all.length - (int)from, StandardCharsets.UTF_8)
                .split("\n");
            for (int i = 1; i < lines.length; i++)
            {
                // Most reasons are logged at debug level; "Bad src Ip" and "Outside connect times" as errors.
                if (lines[i].contains("[ERR]") && lines[i].endsWith("authentication error") &&
                    (lines[i - 1].contains("[DBG]") || lines[i - 1].contains("[ERR]")))
                {
                    final String dbg = lines[i - 1];
                    return dbg.substring(dbg.indexOf(" - ", dbg.indexOf("cid:")) + 3);
                }
            }
            if (System.currentTimeMillis() > deadline)
            {
                return "(no reason logged)";
            }
            Thread.sleep(20);
        }
    }

    private static TestJwts.Claims u(final NKey user)
    {
        return TestJwts.user(pub(user)).nats("subs", -1).nats("data", -1).nats("payload", -1);
    }

    private static boolean connects(final int port, final Attempt at) throws IOException
    {
        try (RawClient raw = new RawClient(port))
        {
            final String info = raw.readUntil("\r\n");
            final Matcher m = NONCE.matcher(info);
            assertTrue(m.find(), info);
            final String sig = at.signer() == null ? "" :
                ",\"sig\":\"" + TestJwts.signNonce(at.signer(), m.group(1)) + "\"";
            raw.send("CONNECT {\"verbose\":false,\"jwt\":\"" + at.jwt() + "\"" + sig + "}\r\nPING\r\n");
            final String answer = raw.readUntil("\r\n", 5000);
            if (answer.startsWith("PONG"))
            {
                return true;
            }
            assertTrue(answer.startsWith("-ERR 'Authorization Violation'"), at.name() + ": " + answer);
            return false;
        }
    }

    private static boolean listening(final int port)
    {
        try (Socket s = new Socket("127.0.0.1", port))
        {
            return true;
        }
        catch (final IOException e)
        {
            return false;
        }
    }

    private static String readQuietly(final Path p)
    {
        try
        {
            return Files.readString(p);
        }
        catch (final IOException e)
        {
            return "(no log)";
        }
    }

    private static int freePort() throws IOException
    {
        try (ServerSocket s = new ServerSocket(0))
        {
            return s.getLocalPort();
        }
    }
}
