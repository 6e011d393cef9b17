package io.torus.core.options;

import io.torus.core.auth.AccountEntry;
import io.torus.core.server.Accounts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which account is the system account, decided as Go decides it at startup. */
class SystemAccountOptionsTest
{
    @TempDir
    Path dir;

    private ServerOptions read(final String text) throws IOException
    {
        final Path f = dir.resolve("server.conf");
        Files.writeString(f, text);
        final ServerOptions o = new ServerOptions();
        ConfigFileOptions.apply(f, o);
        return o;
    }

    @Test
    void shouldDefaultToSysUnlessTurnedOff() throws IOException
    {
        assertEquals("$SYS", new ServerOptions().systemAccountName());
        for (final String key : List.of("no_system_account", "no_system", "no_sys_acc"))
        {
            final ServerOptions o = read(key + ": true\n");
            assertTrue(o.noSystemAccount, key);
            assertNull(o.systemAccountName(), key);
        }
    }

    @Test
    void shouldTakeTheConfiguredAccountOrOneNamedSys() throws IOException
    {
        final String accounts = "accounts { OPS: { users: [ { user: o, password: p } ] } }\n";
        assertEquals("OPS", read(accounts + "system_account: OPS\nno_system_account: true\n").systemAccountName());
        assertEquals("OPS", read(accounts + "system: OPS\n").systemAccountName());
        assertEquals("$SYS", read(accounts + "system_account: \"$SYS\"\n").systemAccountName());
        final ServerOptions named = new ServerOptions();
        named.accounts.add(AccountEntry.named("$SYS"));
        named.noSystemAccount = true;
        assertEquals("$SYS", named.systemAccountName());
    }

    @Test
    void accountsCreateTheSystemAccountWhenItIsNotConfigured()
    {
        final Accounts created = new Accounts(List.of(AccountEntry.named("A")), "$SYS");
        assertEquals("$SYS", created.system().name());
        assertSame(created.system(), created.get("$SYS"));
        final Accounts configured = new Accounts(List.of(AccountEntry.named("A")), "A");
        assertSame(configured.get("A"), configured.system());
        assertEquals(2, configured.all().size());
        assertNull(new Accounts(List.of(), null).system());
    }
}
