package dev.healing.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.healing.api.Image;
import dev.healing.store.sqlite.SqliteStore;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line's contract for every command in {@link Main#commands()} (commands added later are
 * covered by the first two tests at once): {@code --help} exits 0 with the usage line, a bad argument exits 2
 * with the usage line on stderr and nothing on stdout, and results are one JSON object that starts with
 * {@code command} and {@code done}.
 */
@Timeout(120)
final class CommandLineTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** What one run printed. */
    record Run(int exit, String out, String err) {
        JsonNode json() throws IOException {
            return JSON.readTree(out);
        }
    }

    private static synchronized Run cli(String... argv) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            exit = Main.run(argv);
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** The documented shape: an object whose first fields are command and done, done exactly on exit 0. */
    private static JsonNode assertShape(String command, Run run) throws IOException {
        JsonNode json = run.json();
        assertTrue(json.isObject(), run.out());
        Iterator<String> names = json.fieldNames();
        assertEquals("command", names.next(), run.out());
        assertEquals("done", names.next(), run.out());
        assertEquals(command, json.get("command").asText());
        assertEquals(run.exit() == 0, json.get("done").asBoolean(), run.out() + run.err());
        return json;
    }

    @Test
    void help_everyCommand_printsUsageDescriptionAndExitCodes() {
        for (Command c : Main.commands().values()) {
            for (String flag : List.of("--help", "-h")) {
                Run run = cli(c.name(), flag);
                assertEquals(0, run.exit(), c.name() + " " + flag);
                assertTrue(run.out().startsWith("usage: java -jar healing-examples.jar " + c.usage()), run.out());
                assertTrue(run.out().contains("exit codes: 0 done, 1 not done, 2 bad usage"), run.out());
                assertEquals("", run.err(), c.name());
            }
            assertEquals(0, cli("help", c.name()).exit());
        }
    }

    @Test
    void badArgument_everyCommand_exits2WithUsageLineAndNoJson() {
        for (Command c : Main.commands().values()) {
            Run run = cli(c.name(), "--no-such-option", "x");
            assertEquals(2, run.exit(), c.name() + ": " + run.err());
            assertTrue(run.err().contains("usage: java -jar healing-examples.jar " + c.usage()), run.err());
            assertEquals("", run.out(), "bad usage prints no result: " + c.name());
        }
    }

    @Test
    void noCommandOrUnknown_exit2_helpExit0() {
        assertEquals(2, cli().exit());
        Run unknown = cli("no-such-command");
        assertEquals(2, unknown.exit());
        assertTrue(unknown.err().contains("unknown command: no-such-command"), unknown.err());
        Run help = cli("--help");
        assertEquals(0, help.exit());
        for (Command c : Main.commands().values()) {
            assertTrue(help.out().contains("  " + c.usage()), c.name());
        }
    }

    private Path store() {
        Path db = dir.resolve("heal.db");
        try (SqliteStore store = SqliteStore.builder().path(db).build()) {
            store.recordStepRun("mail", 2, 0.96, true);
            store.finishRun(store.startRun("mail", "runner-a"), true, -1);
        }
        return db;
    }

    @Test
    void storeCommands_printTheSharedShape() throws IOException {
        Path db = store();
        assertEquals(1, assertShape("history", cli("history", "--db", db.toString())).get("runs").size());
        assertTrue(assertShape("stats", cli("stats", "--db", db.toString())).has("overall"));
        JsonNode escalations = assertShape("escalations", cli("escalations", "--db", db.toString()));
        assertTrue(escalations.has("proposals") && escalations.has("approvedNotApplied"), escalations.toString());
        JsonNode report = assertShape("report", cli("report", "--db", db.toString(), "--out",
                dir.resolve("report").toString()));
        assertTrue(Files.exists(Path.of(report.get("index").asText())));

        Run approve = cli("approve", "--db", db.toString(), "no-such-proposal");
        assertEquals(1, approve.exit());
        assertFalse(assertShape("approve", approve).get("error").asText().isEmpty());
        Run reject = cli("reject", "--db", db.toString(), "no-such-proposal");
        assertEquals(1, reject.exit());
        assertShape("reject", reject);
        Run missing = cli("stats", "--db", dir.resolve("missing.db").toString());
        assertEquals(1, missing.exit());
        assertShape("stats", missing);
    }

    @Test
    void transportCommands_failureIsStillTheSharedShape() throws IOException {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        String address = "127.0.0.1:" + closed;
        assertShape("vnc-capture", cli("vnc-capture", address, dir.resolve("x.png").toString()));
        assertShape("vnc-click", cli("vnc-click", address, "1", "2"));
        assertShape("vnc-type", cli("vnc-type", address, "hi"));
        // A regular file stands in for the gadget's device file: the reports are written to it.
        Path mouse = Files.createFile(dir.resolve("hidg1"));
        Run click = cli("hid-click", "--mouse", mouse.toString(), "--screen", "1920x1080", "960", "540");
        JsonNode clicked = assertShape("hid-click", click);
        assertEquals(0, click.exit(), click.err());
        assertEquals(960, clicked.at("/clicked/x").asInt());
        assertTrue(Files.size(mouse) > 0, "reports written");
        Path keyboard = Files.createFile(dir.resolve("hidg0"));
        Run typed = cli("hid-type", "--keyboard", keyboard.toString(), "ok");
        assertEquals(0, typed.exit(), typed.err());
        assertEquals(2, assertShape("hid-type", typed).get("typed").asInt());
    }

    @Test
    void evalCorpus_json_totalsInTheSharedShape() throws Exception {
        BufferedImage img = new BufferedImage(400, 300, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 400, 300);
        g.setColor(new Color(0x4e73df));
        g.fillRoundRect(140, 130, 120, 40, 10, 10);
        g.dispose();
        Path pair = Files.createDirectories(dir.resolve("corpus").resolve("a-same-01"));
        Image.fromBufferedImage(img).writePng(pair.resolve("baseline.png"));
        Image.fromBufferedImage(img).writePng(pair.resolve("current.png"));
        Files.writeString(pair.resolve("cases.json"), "{\"kind\": \"same\", \"cases\": [{\"id\": \"a\","
                + " \"baseline\": {\"x\": 200, \"y\": 150}, \"expected\": {\"box\": [140, 130, 260, 170]}}]}");

        Run run = cli("eval-corpus", dir.resolve("corpus").toString(), "--json");

        JsonNode json = assertShape("eval-corpus", run);
        assertEquals(1, json.get("cases").asInt());
        assertEquals(1, json.at("/kinds/same/cases").asInt());
        assertEquals(1, json.get("success").asInt() + json.get("false_heal").asInt() + json.get("abstain").asInt());
    }

    private static Set<Path> demoFolders() throws IOException {
        try (Stream<Path> list = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return list.filter(p -> p.getFileName().toString().startsWith("healing-demo-")).collect(Collectors.toSet());
        }
    }

    @Test
    void demo_removesItsFolderUnlessKeep_andPrintsTheSharedShape() throws IOException {
        Path db = dir.resolve("demo.db");
        Set<Path> before = demoFolders();
        Run first = cli("demo", "--db", db.toString());
        assertEquals(0, first.exit(), first.err());
        JsonNode healed = assertShape("demo", first);
        assertEquals("HEALED", healed.at("/status").asText());
        assertTrue(first.err().contains("[run]"), "the story goes to stderr");
        assertEquals(before, demoFolders(), "the temporary folder is gone");

        Run second = cli("demo", "--db", db.toString(), "--keep");
        JsonNode kept = assertShape("demo", second);
        Path folder = Path.of(kept.get("kept").asText());
        assertTrue(Files.isRegularFile(folder.resolve("mail-send.json")), "kept: " + folder);
        List<Path> left = new ArrayList<>(demoFolders());
        left.removeAll(before);
        assertEquals(List.of(folder), left);
        DemoCommand.deleteTree(folder);
        assertFalse(Files.exists(folder));
    }
}
