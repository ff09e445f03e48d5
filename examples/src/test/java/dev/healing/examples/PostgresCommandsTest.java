package dev.healing.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.healing.api.ApprovalClass;
import dev.healing.api.Candidate;
import dev.healing.api.FailureKind;
import dev.healing.api.Point;
import dev.healing.api.Proposal;
import dev.healing.api.TrustLedger;
import dev.healing.store.postgres.PostgresStore;
import dev.healing.store.postgres.testing.PgCluster;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The store commands on a PostgreSQL URL: a person approves once, every runner of the namespace sees it. */
@Timeout(60)
final class PostgresCommandsTest {
    private static String run(String... argv) {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
            assertEquals(0, Main.run(argv), "exit code");
        } finally {
            System.setOut(old);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }

    private static Proposal proposal(String id) {
        return new Proposal(id, "mail", 4, "Send button", Point.of(10, 10),
                Candidate.at(Point.of(40, 50), 0.9, "template", "found"), ApprovalClass.B, FailureKind.MOVED,
                "publishing step", Instant.parse("2026-01-02T03:04:05Z"), Proposal.Status.PENDING, null);
    }

    @Test
    void approveAndStats_onAUrl_actForTheWholeNamespace() throws Exception {
        PgCluster pg = PgCluster.shared();
        String ns = PgCluster.freshNamespace("cli");
        String url = pg.url() + "?namespace=" + ns;
        try (PostgresStore runnerA = pg.builder(ns).build(); PostgresStore runnerB = pg.builder(ns).build()) {
            runnerA.submit(proposal("p1"));
            runnerA.submit(proposal("p2"));

            String approved = run("approve", "--db", url, "p1");
            run("reject", "--db", url, "p2", "--note", "wrong button");

            assertTrue(approved.contains("APPROVED"), approved);
            assertEquals(Proposal.Status.APPROVED, runnerB.proposal("p1").orElseThrow().status());
            assertEquals(1, runnerB.approved().size());
            assertTrue(runnerB.trust("mail") < runnerB.trust("other"), "the rejection lowered trust fleet-wide");

            runnerB.record("mail", TrustLedger.Event.VERIFIED);
            JsonNode stats = new ObjectMapper().readTree(run("stats", "--db", url));
            assertTrue(stats.get("db").asText().contains("namespace=" + ns), stats.toString());
            assertFalse(stats.toString().contains(PgCluster.PASSWORD), "the password was printed");
        }
    }
}
