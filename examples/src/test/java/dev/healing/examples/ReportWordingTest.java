package dev.healing.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.healing.api.Escalation;
import dev.healing.api.FailureKind;
import dev.healing.api.HealResult;
import dev.healing.api.HealStatus;
import dev.healing.api.Point;
import dev.healing.core.Healer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report says what it means: trust against the floor, who is waiting, what an in-place escalation needs. */
final class ReportWordingTest {
    /** The stats row of the fixture's workflow: sent for approval, then waiting for a person now. */
    private static final Pattern APPROVAL_CELLS = Pattern.compile(
            "<tr><td>" + OpsFixture.WF + "</td>(?:<td>[^<]*</td>){6}<td>(\\d+)</td><td>(\\d+)</td>");

    @TempDir
    Path dir;

    private int[] approvalCells(OpsFixture f, String name) throws Exception {
        Path out = dir.resolve(name);
        OpsFixture.cli(0, "report", "--db", f.db.toString(), "--out", out.toString());
        String html = Files.readString(out.resolve("index.html"), StandardCharsets.UTF_8);
        Matcher m = APPROVAL_CELLS.matcher(html);
        assertTrue(m.find(), html);
        return new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))};
    }

    @Test
    void report_proposalApprovedAndApplied_isNoLongerWaiting() throws Exception {
        Point far = Point.of(1400, 900);
        try (OpsFixture f = new OpsFixture(dir)) {
            f.target = far;
            f.accept = far;
            f.screen = OpsFixture.screenWithButton(far);
            Healer healer = f.healer();
            HealResult proposed = healer.attemptHeal(OpsFixture.failing(0));
            assertEquals(HealStatus.PENDING_APPROVAL, proposed.status());
            int[] before = approvalCells(f, "before");
            assertEquals(1, before[0], "sent for approval");
            assertEquals(1, before[1], "waiting for a person");

            OpsFixture.cli(0, "approve", "--db", f.db.toString(), proposed.proposalId().orElseThrow());
            assertEquals(HealStatus.HEALED, healer.attemptHeal(OpsFixture.failing(0)).status());
            int[] after = approvalCells(f, "after");
            assertEquals(1, after[0], "still sent for approval once");
            assertEquals(0, after[1], "approved and applied: nobody is waiting");
        }
    }

    @Test
    void trustLine_saysWhichSideOfTheFloor() {
        String above = HtmlReport.trustLine(0.65);
        assertTrue(above.startsWith("Trust 0.65 of 1: above the approval floor 0.25"), above);
        assertFalse(above.contains("waits"), above);
        String under = HtmlReport.trustLine(0.10);
        assertTrue(under.contains("under the approval floor 0.25"), under);
        assertTrue(under.contains("waits for a person"), under);
    }

    private static Escalation escalation(FailureKind kind) {
        return new Escalation("mail", 4, "Click Sign in", Point.of(960, 564), kind, "no candidate", List.of(),
                "/runs/mail.json", List.of(), "Every candidate failed verification: look at the evidence, find the"
                        + " element by hand and update the coordinates", null, Instant.EPOCH);
    }

    @Test
    void suggestedAction_inPlaceRestyle_saysOnlyTheBaselineIsStale() {
        String inPlace = Escalations.suggestedAction(escalation(FailureKind.IN_PLACE));
        assertTrue(inPlace.contains("only the baseline is stale"), inPlace);
        assertTrue(inPlace.contains("(960, 564)") || inPlace.contains("960"), inPlace);
        assertFalse(inPlace.contains("by hand"), inPlace);
        assertTrue(Escalations.suggestedAction(escalation(FailureKind.MOVED)).contains("by hand"),
                "other kinds keep the healer's advice");
    }
}
