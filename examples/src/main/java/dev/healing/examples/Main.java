package dev.healing.examples;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Entry point of {@code healing-examples.jar}: {@code java -jar healing-examples.jar COMMAND ARGS...}.
 */
public final class Main {
    private Main() {
    }

    private static Map<String, Command> commands() {
        Map<String, Command> commands = new LinkedHashMap<>();
        // One line per subcommand; keep them in the order of the README.
        commands.put("demo", new DemoCommand());
        commands.put("record", new RecordCommand());
        commands.put("play", new PlayCommand());
        commands.put("eval-corpus", new EvalCorpusCommand());
        commands.put("hid-click", new HidClickCommand());
        commands.put("hid-type", new HidTypeCommand());
        commands.put("history", new HistoryCommand());
        commands.put("stats", new StatsCommand());
        commands.put("approve", new ApproveCommand());
        commands.put("reject", new RejectCommand());
        commands.put("escalations", new EscalationsCommand());
        commands.put("report", new ReportCommand());
        commands.put("vnc-capture", new VncCaptureCommand());
        commands.put("vnc-click", new VncClickCommand());
        commands.put("vnc-type", new VncTypeCommand());
        return commands;
    }

    /** Runs the named subcommand and exits with its code. */
    public static void main(String[] argv) {
        System.exit(run(argv));
    }

    static int run(String[] argv) {
        Map<String, Command> commands = commands();
        if (argv.length == 0 || argv[0].equals("help") || argv[0].equals("--help")) {
            printUsage(commands);
            return argv.length == 0 ? 2 : 0;
        }
        Command command = commands.get(argv[0]);
        if (command == null) {
            System.err.println("unknown command: " + argv[0]);
            printUsage(commands);
            return 2;
        }
        List<String> args = Arrays.asList(argv).subList(1, argv.length);
        try {
            return command.run(args);
        } catch (UsageException e) {
            System.err.println(argv[0] + ": " + e.getMessage());
            System.err.println("usage: java -jar healing-examples.jar " + command.usage());
            return 2;
        } catch (Exception e) {
            System.err.println(argv[0] + " failed: " + e);
            return 1;
        }
    }

    private static void printUsage(Map<String, Command> commands) {
        System.err.println("usage: java -jar healing-examples.jar COMMAND [ARGS...]");
        for (Command c : commands.values()) {
            System.err.println("  " + c.usage());
        }
    }
}
