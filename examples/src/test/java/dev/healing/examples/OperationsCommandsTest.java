package dev.healing.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.healing.api.ApprovalClass;
import dev.healing.api.HealResult;
import dev.healing.api.HealStatus;
import dev.healing.api.Point;
import dev.healing.api.Proposal;
import dev.healing.core.Healer;
import dev.healing.api.store.HealRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** approve, reject and escalations on the file a runner's healer uses. */
@Timeout(60)
final class OperationsCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void approve_classCProposalInFile_nextHealAppliesItVerifiedWithoutLocating() throws Exception {
        Point far = Point.of(1400, 900);
        try (OpsFixture f = new OpsFixture(dir)) {
            f.target = far;
            f.accept = far;
            f.screen = OpsFixture.screenWithButton(far);
            Healer healer = f.healer();
            byte[] original = Files.readAllBytes(f.workflowFile);

            HealResult proposed = healer.attemptHeal(OpsFixture.failing(0));
            assertEquals(HealStatus.PENDING_APPROVAL, proposed.status());
            assertEquals(Optional.of(ApprovalClass.C), proposed.approvalClass());
            assertEquals(1, f.locates.get());
            assertEquals(0, f.verifications.get());
            assertArrayEquals(original, Files.readAllBytes(f.workflowFile), "nothing written before approval");
            Proposal stored = f.store.proposal(proposed.proposalId().orElseThrow()).orElseThrow();
            assertNotNull(stored.evidence(), "the proposal's picture is in the file");

            JsonNode approved = JSON.readTree(OpsFixture.cli(0, "approve", "--db", f.db.toString(),
                    proposed.proposalId().orElseThrow()));
            assertEquals("approve", approved.get("command").asText());
            assertTrue(approved.get("done").asBoolean());
            assertEquals("APPROVED", approved.at("/proposal/status").asText());
            assertEquals(proposed.proposalId().orElseThrow(), approved.at("/proposal/id").asText());
            assertEquals(1400, approved.at("/proposal/candidate/point/x").asInt());

            HealResult applied = healer.attemptHeal(OpsFixture.failing(0));
            assertEquals(HealStatus.HEALED, applied.status());
            assertEquals(proposed.proposalId().orElseThrow(), applied.proposalId().orElseThrow());
            assertEquals(1, f.locates.get(), "applied without locating again");
            assertEquals(1, f.verifications.get(), "verified like an automatic heal");
            assertEquals(far, f.workflows.step(OpsFixture.WF, 0).point());
            assertTrue(Files.readString(f.workflowFile).contains("1400"), "committed to the workflow file");
            assertEquals(Proposal.Status.APPLIED, f.store.proposal(proposed.proposalId().orElseThrow()).orElseThrow().status());
            assertEquals(far, f.store.current(OpsFixture.WF, 0).orElseThrow().point(), "new baseline");
            assertTrue(f.store.trust(OpsFixture.WF) > 0.5);
            HealRecord logged = f.store.history(OpsFixture.WF, 1).get(0);
            assertEquals(proposed.proposalId().orElseThrow(), logged.result().proposalId().orElseThrow());
            assertEquals(0, f.store.stats(OpsFixture.WF).autoFixed(), "an approved heal is not an auto-fix");

            OpsFixture.cli(1, "approve", "--db", f.db.toString(), proposed.proposalId().orElseThrow());
            OpsFixture.cli(1, "approve", "--db", f.db.toString(), "no-such-proposal");
        }
    }

    @Test
    void reject_sensitiveStepProposal_rejectedTrustFallsNothingApplied() throws Exception {
        try (OpsFixture f = new OpsFixture(dir)) {
            f.target = Point.of(150, 100);
            f.accept = f.target;
            f.screen = OpsFixture.screenWithButton(f.target);
            Healer healer = f.healer();
            byte[] original = Files.readAllBytes(f.workflowFile);
            HealResult proposed = healer.attemptHeal(OpsFixture.failing(1));
            assertEquals(HealStatus.PENDING_APPROVAL, proposed.status(), "a sensitive step waits");

            JsonNode rejected = JSON.readTree(OpsFixture.cli(0, "reject", "--db", f.db.toString(),
                    proposed.proposalId().orElseThrow(), "--note", "wrong button"));
            assertEquals("REJECTED", rejected.at("/proposal/status").asText());
            assertEquals(0.25, f.store.trust(OpsFixture.WF), 1e-9);

            HealResult again = healer.attemptHeal(OpsFixture.failing(1));
            assertEquals(HealStatus.PENDING_APPROVAL, again.status(), "a rejected proposal is never applied");
            assertFalse(again.proposalId().orElseThrow().equals(proposed.proposalId().orElseThrow()));
            assertArrayEquals(original, Files.readAllBytes(f.workflowFile));
            OpsFixture.cli(2, "reject", "--db", f.db.toString());
        }
    }

    @Test
    void escalations_failedHeal_listedWithAttemptsFileBackupsAndAction() throws Exception {
        try (OpsFixture f = new OpsFixture(dir)) {
            f.target = Point.of(180, 120);
            f.accept = Point.of(1000, 1000);
            f.screen = OpsFixture.screenWithButton(f.target);
            HealResult failed = f.healer().attemptHeal(OpsFixture.failing(0));
            assertEquals(HealStatus.NOT_HEALED, failed.status());

            JsonNode json = JSON.readTree(OpsFixture.cli(0, "escalations", "--db", f.db.toString()));
            JsonNode list = json.get("escalations");
            assertEquals(1, list.size());
            JsonNode e = list.get(0).get("escalation");
            assertEquals(OpsFixture.WF, e.get("workflowId").asText());
            assertEquals("Click Next", e.get("description").asText());
            assertEquals(f.workflowFile.toAbsolutePath().toString(), e.get("workflowLocation").asText());
            assertTrue(e.get("backups").size() >= 1, "the backup written before the candidate was tried");
            assertTrue(Files.exists(Path.of(e.get("backups").get(0).asText())), "the backup file exists");
            assertTrue(e.get("suggestedAction").asText().contains("by hand"), e.get("suggestedAction").asText());
            JsonNode attempt = e.get("attempts").get(0);
            assertEquals(180, attempt.at("/candidate/point/x").asInt());
            assertFalse(attempt.get("accepted").asBoolean());
            assertTrue(attempt.get("note").asText().contains("rolled back"));
            assertTrue(list.get(0).get("pictures").size() >= 2, "the escalation's and the attempt's pictures");
            assertEquals(0, json.get("proposals").size());
            assertEquals(0, json.get("approvedNotApplied").size());
            assertEquals(1, f.store.stats(OpsFixture.WF).escalated());
        }
    }
}
