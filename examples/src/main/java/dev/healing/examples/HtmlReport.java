package dev.healing.examples;

import dev.healing.api.store.OperationsStore;
import dev.healing.api.Escalation;
import dev.healing.api.HealAttempt;
import dev.healing.api.HealResult;
import dev.healing.api.Point;
import dev.healing.api.Proposal;
import dev.healing.api.VerificationResult;
import dev.healing.core.ApprovalPolicy;
import dev.healing.api.store.EscalationRecord;
import dev.healing.api.store.HealRecord;
import dev.healing.api.store.HealStats;
import dev.healing.api.store.RunRecord;
import dev.healing.api.store.StepHealth;
import dev.healing.api.store.StepRun;
import dev.healing.api.store.StoreStats;
import dev.healing.api.store.WorkflowHealth;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Renders a SQLite store as one static HTML page with its pictures beside it: readable offline in
 * any browser, no scripts, no external resources. Single-threaded, used once per call.
 */
final class HtmlReport {
    /** Most heals, runs, escalations and proposals shown. */
    static final int LIMIT = 200;
    /** Runs per step in a similarity sparkline. */
    static final int SPARK_RUNS = 30;

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'",
            Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final String CSS = """
            body{font-family:sans-serif;margin:24px;color:#1f2937;background:#fff}
            h1{font-size:26px}h2{font-size:20px;margin-top:32px;border-bottom:2px solid #e5e7eb}
            table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #d1d5db;padding:4px 8px;
            text-align:left;vertical-align:top;font-size:14px}th{background:#f3f4f6}
            .HEALTHY,.HEALED,.PASSED,.APPLIED{color:#fff;background:#16a34a}
            .DEGRADED,.PARTIAL,.PENDING_APPROVAL,.PENDING,.APPROVED,.SKIPPED{color:#000;background:#fbbf24}
            .BROKEN,.NOT_HEALED,.FAILED,.REJECTED{color:#fff;background:#dc2626}
            .RUNNING{background:#93c5fd}
            .badge{padding:2px 8px;border-radius:4px;font-weight:bold;font-size:13px}
            .card{border:1px solid #d1d5db;border-radius:6px;padding:12px;margin:12px 0}
            img.evidence{max-width:480px;border:1px solid #9ca3af;margin:4px}
            .muted{color:#6b7280}code{background:#f3f4f6;padding:1px 4px}
            """;

    /**
     * What was written.
     *
     * @param index the HTML file
     */
    record Summary(Path index, int workflows, int heals, int runs, int escalations, int proposals, int pictures) {
    }

    private final OperationsStore store;
    private final Path dir;
    private final StringBuilder html = new StringBuilder(64 * 1024);
    private int pictures;
    private final Progress progress = Progress.onStderr("report: pictures written", 0);

    private HtmlReport(OperationsStore store, Path dir) {
        this.store = store;
        this.dir = dir;
    }

    /** Writes {@code index.html} and the pictures into {@code dir} (created when missing). */
    static Summary write(OperationsStore store, Path dir) throws IOException {
        Files.createDirectories(dir);
        HtmlReport report = new HtmlReport(store, dir);
        try {
            return report.render();
        } finally {
            report.progress.close();
        }
    }

    private Summary render() throws IOException {
        StoreStats stats = store.stats();
        List<WorkflowHealth> health = store.health();
        Map<String, Double> trust = store.trustLevels();
        List<HealRecord> heals = store.history(null, LIMIT);
        List<RunRecord> runs = store.runs(null, LIMIT);
        List<EscalationRecord> escalations = store.escalations(null, LIMIT);
        List<Proposal> proposals = store.proposals(LIMIT);

        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Healing report</title>")
                .append("<style>").append(CSS).append("</style></head><body>\n");
        html.append("<h1>Healing report</h1><p class=\"muted\">Store <code>").append(esc(store.location()))
                .append("</code>, written ").append(TIME.format(Instant.now())).append("</p>\n");
        statsSection(stats, waitingByWorkflow());
        healthSection(health, trust);
        proposalSection(proposals);
        escalationSection(escalations);
        timelineSection(heals, runs);
        html.append("</body></html>\n");
        Path index = dir.resolve("index.html");
        Files.writeString(index, html, StandardCharsets.UTF_8);
        return new Summary(index, health.size(), heals.size(), runs.size(), escalations.size(), proposals.size(),
                pictures);
    }

    // ---- sections

    /** Proposals a person still has to decide (PENDING only), per workflow; approved or applied ones are not waiting. */
    private Map<String, Long> waitingByWorkflow() {
        Map<String, Long> waiting = new java.util.HashMap<>();
        for (Proposal p : store.proposals().pending()) {
            if (p.status() == Proposal.Status.PENDING) {
                waiting.merge(p.workflowId(), 1L, Long::sum);
            }
        }
        return waiting;
    }

    private void statsSection(StoreStats stats, Map<String, Long> waiting) {
        html.append("<h2 id=\"stats\">Stats</h2>\n<table><tr><th>Workflow</th><th>Heals tried</th><th>Succeeded</th>")
                .append("<th>Success rate</th><th>Auto-fix rate</th><th>Escalated</th><th>Escalation rate</th>")
                .append("<th>Sent for approval</th><th>Waiting for a person now</th><th>Skipped</th>")
                .append("<th>Memory hits</th><th>Model calls</th><th>Cost (USD)</th></tr>\n");
        long waitingTotal = waiting.values().stream().mapToLong(Long::longValue).sum();
        List<HealStats> rows = new ArrayList<>(stats.workflows());
        rows.add(stats.overall());
        for (HealStats s : rows) {
            html.append("<tr><td>").append(s.workflowId() == null ? "<b>all workflows</b>" : esc(s.workflowId()))
                    .append("</td><td>").append(s.healsTried()).append("</td><td>").append(s.healsSucceeded())
                    .append("</td><td>").append(pct(s.successRate())).append("</td><td>").append(pct(s.autoFixRate()))
                    .append("</td><td>").append(s.escalated()).append("</td><td>").append(pct(s.escalationRate()))
                    .append("</td><td>").append(s.pendingApproval()).append("</td><td>")
                    .append(s.workflowId() == null ? waitingTotal : waiting.getOrDefault(s.workflowId(), 0L))
                    .append("</td><td>").append(s.skipped())
                    .append("</td><td>").append(s.memoryHits()).append("</td><td>").append(s.modelCalls())
                    .append("</td><td>").append(String.format(Locale.ROOT, "%.4f", s.costUsd()))
                    .append("</td></tr>\n");
        }
        html.append("</table>\n");
    }

    private void healthSection(List<WorkflowHealth> health, Map<String, Double> trust) {
        html.append("<h2 id=\"health\">Health</h2>\n");
        if (health.isEmpty()) {
            html.append("<p class=\"muted\">No runs or heals recorded yet.</p>\n");
        }
        for (WorkflowHealth w : health) {
            html.append("<div class=\"card workflow\"><h3>").append(esc(w.workflowId())).append(' ')
                    .append(badge(w.state().name())).append(w.drifting() ? " " + badge("DEGRADED", "drifting") : "")
                    .append("</h3><p>").append(esc(trustLine(trust.getOrDefault(w.workflowId(), 0.5))))
                    .append("</p>\n")
                    .append("<table><tr><th>Step</th><th>State</th><th>Similarity (last runs)</th><th>Last / mean</th>")
                    .append("<th>Symptoms</th><th>Probable cause</th><th>Recommended action</th>")
                    .append("<th>Heals by itself</th></tr>\n");
            for (StepHealth s : w.steps()) {
                html.append("<tr><td>").append(s.stepIndex()).append("</td><td>").append(badge(s.state().name()))
                        .append("</td><td>").append(sparkline(store.stepRuns(w.workflowId(), s.stepIndex(),
                                SPARK_RUNS))).append("</td><td>")
                        .append(s.runs() == 0 ? "-" : String.format(Locale.ROOT, "%.2f / %.2f", s.lastSimilarity(),
                                s.meanSimilarity()))
                        .append("</td><td>").append(s.issues().isEmpty() ? "none" : esc(String.join("; ", s.issues())))
                        .append("</td><td>").append(s.probableCause() == null ? "-" : s.probableCause().name())
                        .append("</td><td>").append(esc(s.recommendedAction())).append("</td><td>")
                        .append(s.selfHealable() ? "yes" : "<b>no</b>").append("</td></tr>\n");
            }
            html.append("</table></div>\n");
        }
    }

    /**
     * The trust figure with what it means, measured against the default floor (a healer may set another):
     * "Trust 0.65 of 1: above the approval floor 0.25, heals may apply by themselves".
     */
    static String trustLine(double trust) {
        double floor = ApprovalPolicy.DEFAULT_TRUST_FLOOR;
        return String.format(Locale.ROOT, "Trust %.2f of 1: %s the approval floor %.2f (default), %s", trust,
                trust < floor ? "under" : "above", floor,
                trust < floor ? "so every heal waits for a person's approval"
                        : "so heals may apply by themselves");
    }

    /** An inline SVG line of similarity 0..1 over the runs, red dots for failed runs. */
    private static String sparkline(List<StepRun> runs) {
        if (runs.isEmpty()) {
            return "<span class=\"muted\">no runs</span>";
        }
        int w = 160;
        int h = 36;
        StringBuilder points = new StringBuilder();
        StringBuilder dots = new StringBuilder();
        for (int i = 0; i < runs.size(); i++) {
            double x = runs.size() == 1 ? w / 2.0 : 2 + i * (w - 4.0) / (runs.size() - 1);
            double y = 2 + (1 - runs.get(i).similarity()) * (h - 4);
            points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
            if (!runs.get(i).passed()) {
                dots.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"#dc2626\"/>",
                        x, y));
            }
        }
        return "<svg width=\"" + w + "\" height=\"" + h + "\" viewBox=\"0 0 " + w + " " + h + "\" role=\"img\">"
                + "<title>similarity over " + runs.size() + " runs</title>"
                + "<rect width=\"" + w + "\" height=\"" + h + "\" fill=\"#f9fafb\"/>"
                + "<polyline fill=\"none\" stroke=\"#2563eb\" stroke-width=\"2\" points=\"" + points.toString().trim()
                + "\"/>" + dots + "</svg>";
    }

    private void proposalSection(List<Proposal> proposals) throws IOException {
        html.append("<h2 id=\"proposals\">Proposals</h2>\n");
        if (proposals.isEmpty()) {
            html.append("<p class=\"muted\">No proposals.</p>\n");
        }
        for (Proposal p : proposals) {
            html.append("<div class=\"card proposal\"><h3>").append(esc(p.workflowId())).append(" step ")
                    .append(p.stepIndex()).append(' ').append(badge(p.status().name())).append(" class ")
                    .append(p.approvalClass()).append("</h3>\n<p>").append(esc(p.description())).append(": ")
                    .append(point(p.oldPoint())).append(" &rarr; ").append(point(p.candidate().point()))
                    .append(" by ").append(esc(p.candidate().source())).append(String.format(Locale.ROOT,
                            " (confidence %.2f, %s). ", p.candidate().confidence(), p.failureKind()))
                    .append("Why it waits: ").append(esc(p.reason())).append("</p>\n<p>Proposed ")
                    .append(TIME.format(p.createdAt())).append(", id <code>").append(esc(p.id())).append("</code>");
            if (p.status() == Proposal.Status.PENDING) {
                html.append(". Decide with <code>approve --db FILE ").append(esc(p.id()))
                        .append("</code> or <code>reject --db FILE ").append(esc(p.id())).append("</code>");
            }
            html.append("</p>\n");
            if (p.evidence() != null) {
                image(safe("proposal-" + p.id()) + ".png", p.evidence().toPng(), "evidence of proposal " + p.id());
            }
            html.append("</div>\n");
        }
    }

    private void escalationSection(List<EscalationRecord> escalations) throws IOException {
        html.append("<h2 id=\"escalations\">Escalations</h2>\n");
        if (escalations.isEmpty()) {
            html.append("<p class=\"muted\">No escalations.</p>\n");
        }
        for (EscalationRecord r : escalations) {
            Escalation e = r.escalation();
            html.append("<div class=\"card escalation\"><h3>").append(esc(e.workflowId())).append(" step ")
                    .append(e.stepIndex()).append(' ').append(badge("NOT_HEALED", "needs a person")).append("</h3>\n")
                    .append("<p>").append(esc(e.description())).append(" at ").append(point(e.oldPoint()))
                    .append(", ").append(e.failureKind()).append(", ").append(TIME.format(e.at())).append("</p>\n")
                    .append("<p><b>Why:</b> ").append(esc(e.reason())).append("</p>\n<p><b>Suggested action:</b> ")
                    .append(esc(Escalations.suggestedAction(e))).append("</p>\n<p>Workflow file <code>")
                    .append(esc(e.workflowLocation().isEmpty() ? "unknown" : e.workflowLocation()))
                    .append("</code>");
            if (!e.backups().isEmpty()) {
                html.append("; backups:");
                for (String b : e.backups()) {
                    html.append(" <code>").append(esc(b)).append("</code>");
                }
            }
            html.append("</p>\n");
            attemptsTable(e.attempts());
            for (int number : r.pictures()) {
                Optional<byte[]> png = store.escalationPng(r.id(), number);
                if (png.isPresent()) {
                    image("escalation-" + r.id() + (number == 0 ? "" : "-a" + number) + ".png", png.get(),
                            number == 0 ? "evidence of escalation " + r.id()
                                    : "attempt " + number + " of escalation " + r.id());
                }
            }
            html.append("</div>\n");
        }
    }

    private void attemptsTable(List<HealAttempt> attempts) {
        if (attempts.isEmpty()) {
            html.append("<p class=\"muted\">No candidate was tried.</p>\n");
            return;
        }
        html.append("<table><tr><th>#</th><th>Candidate</th><th>Locator</th><th>Confidence</th>")
                .append("<th>Verification</th><th>Kept</th><th>Note</th></tr>\n");
        for (HealAttempt a : attempts) {
            VerificationResult v = a.verification();
            html.append("<tr><td>").append(a.number()).append("</td><td>").append(point(a.candidate().point()))
                    .append("</td><td>").append(esc(a.candidate().source())).append("</td><td>")
                    .append(String.format(Locale.ROOT, "%.2f", a.candidate().confidence())).append("</td><td>")
                    .append(v == null ? "not run" : v.success() ? "passed" : String.format(Locale.ROOT,
                            "failed at step %d (similarity %.2f)", v.failedAtStep(), v.similarity()))
                    .append("</td><td>").append(a.accepted() ? "yes" : "no").append("</td><td>")
                    .append(esc(a.note())).append("</td></tr>\n");
        }
        html.append("</table>\n");
    }

    private void timelineSection(List<HealRecord> heals, List<RunRecord> runs) throws IOException {
        html.append("<h2 id=\"timeline\">Timeline</h2>\n<p class=\"muted\">Newest first: the last ").append(LIMIT)
                .append(" runs and heals.</p>\n<table><tr><th>When</th><th>What</th><th>Workflow</th><th>Step</th>")
                .append("<th>Status</th><th>Details</th><th>Evidence</th></tr>\n");
        record Entry(Instant at, HealRecord heal, RunRecord run) {
        }
        List<Entry> entries = new ArrayList<>();
        heals.forEach(h -> entries.add(new Entry(h.finishedAt(), h, null)));
        runs.forEach(r -> entries.add(new Entry(r.startedAt(), null, r)));
        entries.sort(Comparator.comparing(Entry::at).reversed());
        for (Entry e : entries) {
            if (e.run() != null) {
                RunRecord r = e.run();
                html.append("<tr class=\"run\"><td>").append(TIME.format(r.startedAt())).append("</td><td>run ")
                        .append(r.id()).append("</td><td>").append(esc(r.workflowId())).append("</td><td>")
                        .append(r.failedAtStep() >= 0 ? String.valueOf(r.failedAtStep()) : "-").append("</td><td>")
                        .append(badge(r.status().name())).append("</td><td>runner ").append(esc(r.runner()))
                        .append("</td><td></td></tr>\n");
                continue;
            }
            HealRecord h = e.heal();
            HealResult r = h.result();
            html.append("<tr class=\"heal\"><td>").append(TIME.format(h.finishedAt())).append("</td><td>heal ")
                    .append(h.id()).append("</td><td>").append(esc(r.workflowId())).append("</td><td>")
                    .append(r.stepIndex()).append("</td><td>").append(badge(r.status().name())).append("</td><td>")
                    .append(point(r.oldPoint().orElse(null)))
                    .append(r.newPoint().map(p -> " &rarr; " + point(p)).orElse(""))
                    .append(r.locator().map(l -> " by " + esc(l)).orElse(""))
                    .append(r.confidence().isPresent()
                            ? String.format(Locale.ROOT, " (%.2f)", r.confidence().getAsDouble()) : "")
                    .append(", ").append(r.failureKind())
                    .append(r.approvalClass().map(c -> ", class " + c).orElse(""))
                    .append(String.format(Locale.ROOT, ", similarity %.2f, %d attempt(s), %d ms", h.similarity(),
                            r.attempts(), r.duration().toMillis()))
                    .append(r.reason().isEmpty() ? "" : "<br>" + esc(r.reason())).append("</td><td>");
            Optional<byte[]> png = store.evidencePng(h.id(), 0);
            if (png.isPresent()) {
                image("heal-" + h.id() + ".png", png.get(), "evidence of heal " + h.id());
            }
            for (HealAttempt a : r.history()) {
                Optional<byte[]> attempt = store.evidencePng(h.id(), a.number());
                if (attempt.isPresent() && !(png.isPresent() && java.util.Arrays.equals(attempt.get(), png.get()))) {
                    image("heal-" + h.id() + "-a" + a.number() + ".png", attempt.get(),
                            "attempt " + a.number() + " of heal " + h.id());
                }
            }
            html.append("</td></tr>\n");
        }
        html.append("</table>\n");
    }

    // ---- helpers

    private void image(String file, byte[] png, String alt) throws IOException {
        Files.write(dir.resolve(file), png);
        pictures++;
        progress.step();
        html.append("<a href=\"").append(esc(file)).append("\"><img class=\"evidence\" src=\"").append(esc(file))
                .append("\" alt=\"").append(esc(alt)).append("\" title=\"").append(esc(alt)).append("\"></a>\n");
    }

    private static String badge(String state) {
        return badge(state, state);
    }

    private static String badge(String cssClass, String text) {
        return "<span class=\"badge " + cssClass + "\">" + esc(text) + "</span>";
    }

    private static String point(Point p) {
        return p == null ? "-" : "(" + p.x() + ", " + p.y() + ")";
    }

    private static String pct(double rate) {
        return String.format(Locale.ROOT, "%.0f%%", rate * 100);
    }

    /** A file name part with only letters, digits, dot, dash and underscore. */
    private static String safe(String s) {
        return s.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
