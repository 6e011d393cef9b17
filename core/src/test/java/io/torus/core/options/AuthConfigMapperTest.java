package io.torus.core.options;

import io.torus.core.auth.AccountEntry;
import io.torus.core.auth.ExportEntry;
import io.torus.core.auth.ImportEntry;
import io.torus.core.auth.Permissions;
import io.torus.core.auth.ResponsePermission;
import io.torus.core.auth.ResponseType;
import io.torus.core.auth.UserEntry;
import io.torus.core.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The authorization and accounts blocks, mapped as Go's opts.go maps them, with Go's errors. */
final class AuthConfigMapperTest
{
    private static final String NKEY_USER = "UDXU4RCSJNZOIQHZNWXHXORDPRTGNJAHAHFRGZNEEJCPQTT2M7NLCNF4";

    @TempDir
    Path dir;

    private ServerOptions map(final String text) throws IOException
    {
        final Path f = dir.resolve("t.conf");
        Files.writeString(f, text);
        final ServerOptions o = new ServerOptions();
        ConfigFileOptions.apply(f, o);
        return o;
    }

    private String error(final String text)
    {
        final ConfigException e = assertThrows(ConfigException.class, () -> map(text));
        return e.getMessage();
    }

    @Test
    void usersWithPermissionsDefaultsAndConnectionTypes() throws IOException
    {
        final ServerOptions o = map("authorization {\n" +
            "  default_permissions = { publish = { deny: \"admin.>\" } }\n" +
            "  users = [\n" +
            "    { user: a, password: pa, permissions: { publish: [\"x\", \"y.*\"], subscribe: { allow: \"q workers\"," +
            " deny: [\"z\"] }, allow_responses: { max: 3, expires: \"5s\" } } }\n" +
            "    { user: b, password: pb, allowed_connection_types: [\"standard\", \"websocket\"] }\n" +
            "    { nkey: " + NKEY_USER + " }\n" +
            "  ]\n" +
            "  timeout: 0.5\n" +
            "}\n");
        assertEquals(3, o.users.size());
        final UserEntry a = o.users.get(0);
        assertEquals(List.of("x", "y.*"), a.permissions().publish().allow());
        assertEquals(List.of("q workers"), a.permissions().subscribe().allow());
        assertEquals(List.of("z"), a.permissions().subscribe().deny());
        assertEquals(new ResponsePermission(3, TimeUnit.SECONDS.toNanos(5)), a.permissions().response());
        final UserEntry b = o.users.get(1);
        assertEquals(List.of("admin.>"), b.permissions().publish().deny(), "default permissions");
        assertEquals(Set.of("STANDARD", "WEBSOCKET"), b.connectionTypes());
        assertTrue(o.users.get(2).isNkey());
        assertNull(o.users.get(2).account());
        assertEquals(500_000_000L, o.authTimeoutNanos);
        assertTrue(o.authRequired());
    }

    @Test
    void allowResponsesAloneTurnsOffTheBlanketPublishAllow() throws IOException
    {
        final Permissions p = map("authorization { users = [ { user: s, password: p, permissions: " +
            "{ allow_responses: true } } ] }\n").users.get(0).permissions();
        assertEquals(List.of(), p.publish().allow());
        assertEquals(ResponsePermission.DEFAULT, p.response());
    }

    @Test
    void accountsWithUsersExportsImportsAndLimits() throws IOException
    {
        final ServerOptions o = map("accounts {\n" +
            "  A: { users: [ { user: a, password: p } ]\n" +
            "       exports: [ { stream: \"ev.>\" }, { service: \"svc.*\", response_type: stream, threshold: \"3s\"," +
            " accounts: [B] } ]\n" +
            "       limits: { max_connections: 5, max_subscriptions: 10, max_payload: 1KB } }\n" +
            "  B: { default_permissions: { subscribe: \"in.>\" }, users: [ { user: b, password: p } ]\n" +
            "       imports: [ { stream: { account: A, subject: \"ev.x\" }, prefix: a }\n" +
            "                  { service: { account: A, subject: \"svc.one\" }, to: one } ] }\n" +
            "}\n" +
            "system_account: A\n" +
            "no_auth_user: b\n");
        assertEquals(2, o.accounts.size());
        final AccountEntry a = o.accounts.get(0);
        assertEquals(5, a.maxConnections());
        assertEquals(10, a.maxSubscriptions());
        assertEquals(1024, a.maxPayload());
        assertEquals(new ExportEntry(true, "svc.*", List.of("B"), ResponseType.STREAM, TimeUnit.SECONDS.toNanos(3)),
            a.exports().get(1));
        final AccountEntry b = o.accounts.get(1);
        assertEquals(new ImportEntry(false, "A", "ev.x", null, "a", false), b.imports().get(0));
        assertEquals("a.ev.x", b.imports().get(0).localSubject());
        assertEquals("one", b.imports().get(1).localSubject());
        assertEquals("A", o.users.get(0).account());
        assertEquals("B", o.users.get(1).account());
        assertEquals(List.of("in.>"), o.users.get(1).permissions().subscribe().allow());
        assertEquals("A", o.systemAccount);
        assertEquals("b", o.noAuthUser);
    }

    @Test
    void goErrorsForBadAuthorizationBlocks()
    {
        assertTrue(error("authorization { user: a, password: b, token: c }").contains(
            "Cannot have a user/pass and token"));
        assertTrue(error("authorization { user: a, users: [ { user: b } ] }").contains(
            "Can not have a single user/pass and a users array"));
        assertTrue(error("authorization { users: [ { user: a }, { user: a } ] }").contains(
            "Duplicate user \"a\" detected"));
        assertTrue(error("authorization { users: [ { password: x } ] }").contains("User entry requires a user"));
        assertTrue(error("authorization { users: [ { nkey: UNOTAKEY } ] }").contains(
            "Not a valid public nkey for a user"));
        assertTrue(error("authorization { users: [ { nkey: " + NKEY_USER + ", user: x } ] }").contains(
            "Nkey users do not take usernames or passwords"));
        assertTrue(error("authorization { users: [ { user: a, permissions: { publish: \"a..b\" } } ] }").contains(
            "subject \"a..b\" is not a valid subject"));
        assertTrue(error("authorization { users: [ { user: a, permissions: { bogus: x } } ] }").contains(
            "Unknown field \"bogus\" parsing permissions"));
        assertTrue(error("authorization { users: [ { user: a, allowed_connection_types: [\"carrier pigeon\"] } ] }")
            .contains("unknown connection type \"carrier pigeon\""));
        assertTrue(error("no_auth_user: x\n").contains("no_auth_user: \"x\" present, but users are not defined"));
        assertTrue(error("authorization { users: [ { user: a } ] }\nno_auth_user: x\n").contains(
            "not present as user in authorization block or account configuration"));
    }

    @Test
    void goErrorsForBadAccountsBlocks()
    {
        assertTrue(error("accounts { $G: {} }").contains("\"$G\" is a Reserved Account"));
        assertTrue(error("accounts [ A, A ]").contains("Duplicate Account Entry: A"));
        assertTrue(error("accounts { A: { exports: [ { stream: x, response: single } ] } }").contains(
            "Detected response directive on non-service"));
        assertTrue(error("accounts { A: { exports: [ { service: x, response: sometimes } ] } }").contains(
            "Unknown response type: \"sometimes\""));
        assertTrue(error("accounts { A: { imports: [ { stream: { account: A } } ] } }").contains(
            "Expect an account name and a subject"));
        assertTrue(error("accounts { A: { exports: [ { stream: \"p.>\", accounts: [B] } ] }, B: {}, C: { imports: " +
            "[ { stream: { account: A, subject: \"p.x\" } } ] } }").contains("stream import not authorized"));
        assertTrue(error("accounts { A: { limits: { max_things: 1 } } }").contains(
            "Unknown field \"max_things\" parsing account limits"));
        assertTrue(error("accounts { A: { users: [ { user: u } ] }, B: { users: [ { user: u } ] } }").contains(
            "Duplicate user \"u\" detected"));
        assertTrue(error("system_account: NOPE\n").contains("system_account"));
    }
}
