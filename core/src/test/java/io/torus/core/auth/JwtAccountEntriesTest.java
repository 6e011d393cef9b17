package io.torus.core.auth;

import io.nats.client.NKey;
import io.torus.core.auth.jwt.JwtDecoder;
import io.torus.core.auth.jwt.JwtTrust;
import io.torus.core.auth.jwt.TestJwts;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.torus.core.auth.jwt.TestJwts.pub;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JwtAccountEntriesTest
{
    private final NKey operator = TestJwts.operatorKey();
    private final NKey exporter = TestJwts.accountKey();
    private final NKey importer = TestJwts.accountKey();
    private final JwtTrust trust = JwtTrust.of(List.of(JwtDecoder.decodeOperator(TestJwts.operator(operator)
        .sign(operator))), List.of(), null, Clock.systemUTC());
    private final List<String> warnings = new ArrayList<>();
    /** What nsc writes for an account without limits; an absent "imports" is 0, which forbids any import. */
    private static final Map<String, Object> NSC_LIMITS = Map.of("conn", -1, "subs", -1, "payload", -1,
        "imports", -1, "exports", -1, "wildcards", true, "data", -1, "leaf", -1);

    private Map<String, AccountEntry> entries(final String exporterJwt, final String importerJwt)
    {
        final Map<String, String> jwts = new LinkedHashMap<>();
        jwts.put(pub(exporter), exporterJwt);
        jwts.put(pub(importer), importerJwt);
        final Map<String, AccountEntry> byName = new LinkedHashMap<>();
        for (final AccountEntry e : JwtAccountEntries.from(jwts, trust, warnings))
        {
            byName.put(e.name(), e);
        }
        return byName;
    }

    private String exporterJwt()
    {
        return TestJwts.account(pub(exporter)).nats("limits", Map.of("conn", 5, "subs", -1, "payload", 2048,
            "imports", -1, "exports", -1, "wildcards", true))
            .nats("exports", List.of(
                Map.of("subject", "help.>", "type", "service", "response_type", "Stream"),
                Map.of("subject", "feed.>", "type", "stream")))
            .nats("default_permissions", Map.of("pub", Map.of("deny", List.of("admin.>")),
                "resp", Map.of("max", 0)))
            .sign(operator);
    }

    @Test
    void mapsLimitsExportsAndDefaultPermissions()
    {
        final AccountEntry e = entries(exporterJwt(), TestJwts.account(pub(importer)).sign(operator))
            .get(pub(exporter));
        assertEquals(pub(exporter), e.nkey());
        assertEquals(5, e.maxConnections());
        assertEquals(AccountEntry.NO_LIMIT, e.maxSubscriptions());
        assertEquals(2048, e.maxPayload());
        assertEquals(2, e.exports().size());
        assertTrue(e.exports().get(0).service());
        assertEquals(ResponseType.STREAM, e.exports().get(0).responseType());
        assertEquals(120_000_000_000L, e.exports().get(0).responseThresholdNanos(), "Go's default threshold");
        assertTrue(e.exports().get(1).accounts().isEmpty(), "public");
        assertEquals(List.of("admin.>"), e.defaultPermissions().publish().deny());
        assertEquals(List.of(), e.defaultPermissions().publish().allow(), "resp turns off the blanket allow");
        assertEquals(ResponsePermission.DEFAULT, e.defaultPermissions().response(), "max 0 takes Go's default");
    }

    @Test
    void mapsImportsAsGoAddsThem()
    {
        final String importerJwt = TestJwts.account(pub(importer)).nats("limits", NSC_LIMITS).nats("imports", List.of(
            Map.of("subject", "help.>", "account", pub(exporter), "type", "service", "local_subject", "ask.>"),
            Map.of("subject", "help.a", "account", pub(exporter), "type", "service", "to", "help.b"),
            Map.of("subject", "feed.>", "account", pub(exporter), "type", "stream", "local_subject", "in.>"),
            Map.of("subject", "feed.x", "account", pub(exporter), "type", "stream", "to", "pre")))
            .sign(operator);
        final List<ImportEntry> imports = entries(exporterJwt(), importerJwt).get(pub(importer)).imports();
        assertEquals(List.of(
            new ImportEntry(true, pub(exporter), "help.>", "ask.>", null, false),
            // A deprecated "to" on a service: the import's subject is local, "to" is the exporter's subject.
            new ImportEntry(true, pub(exporter), "help.b", "help.a", null, false),
            new ImportEntry(false, pub(exporter), "feed.>", "in.>", null, false),
            // A deprecated "to" on a stream is a prefix.
            new ImportEntry(false, pub(exporter), "feed.x", null, "pre", false)), imports);
        assertEquals(List.of(), warnings);
    }

    @Test
    void leavesOutImportsThatAreNotGrantedAndAccountsThatAreNotTrusted()
    {
        final NKey stranger = TestJwts.operatorKey();
        final NKey unknown = TestJwts.accountKey();
        final String importerJwt = TestJwts.account(pub(importer)).nats("limits", NSC_LIMITS).nats("imports", List.of(
            Map.of("subject", "nothing.here", "account", pub(exporter), "type", "stream"),
            Map.of("subject", "x", "account", pub(unknown), "type", "stream")))
            .sign(operator);
        final Map<String, AccountEntry> byName = entries(exporterJwt(), importerJwt);
        assertEquals(List.of(), byName.get(pub(importer)).imports());
        assertEquals(List.of(
            "Error adding stream import to account [" + pub(importer) + "]: stream import not authorized",
            "Can't locate account [" + pub(unknown) + "] for import of [x] stream"), warnings);

        warnings.clear();
        final Map<String, AccountEntry> untrusted = entries(TestJwts.account(pub(exporter)).sign(stranger),
            TestJwts.account(pub(importer)).set("exp", 1000).sign(operator));
        assertTrue(untrusted.isEmpty(), "neither the untrusted nor the expired account becomes an account");
        assertEquals(List.of("Account [" + pub(importer) + "] has validation issues:", "  - claim is expired"),
            warnings);
        assertNull(untrusted.get(pub(exporter)));
    }
}
