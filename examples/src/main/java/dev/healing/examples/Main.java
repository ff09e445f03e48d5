package dev.healing.examples;

import dev.healing.core.vnc.VncClient;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Entry point of {@code healing-examples.jar}: {@code java -jar healing-examples.jar COMMAND ARGS...}.
 *
 * <p>Every command takes {@code --help} (or {@code -h}: its usage, what it does, exit codes) and
 * {@code --verbose} (library logging at DEBUG on stderr; quiet otherwise: warnings and errors only).
 * Exit codes: 0 done, 1 not done (a failure, or nothing healed), 2 bad usage. Results go to stdout as one JSON object in the shape of
 * {@link JsonOutput}; stories, progress and errors go to stderr.
 */
public final class Main {
    /** Exit code: the command did what was asked. */
    static final int DONE = 0;
    /** Exit code: the command ran but did not get it done (a failure, an unreachable server, nothing healed). */
    static final int NOT_DONE = 1;
    /** Exit code: the arguments were wrong; nothing was done. */
    static final int BAD_USAGE = 2;

    static final String JAR = "java -jar healing-examples.jar";
    /** {@link System#nanoTime()} when this class was loaded, for {@code -Dhealing.timing=true}. */
    static final long START = System.nanoTime();
    private static final String LOG_LEVEL = "org.slf4j.simpleLogger.defaultLogLevel";
    private static final String SLF4J_PROVIDER = "slf4j.provider";
    private static final String SLF4J_VERBOSITY = "slf4j.internal.verbosity";

    private Main() {
    }

    /** @return every command by name, in the order of the README */
    static Map<String, Command> commands() {
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

    /**
     * @return the named command, or null. The {@code vnc-*} tools are built alone: building the
     *         whole table first loads the store, JSON and matching code, most of a whole-process
     *         screenshot's time.
     */
    static Command command(String name) {
        switch (name) {
            case "vnc-capture":
                return new VncCaptureCommand();
            case "vnc-click":
                return new VncClickCommand();
            case "vnc-type":
                return new VncTypeCommand();
            default:
                return commands().get(name);
        }
    }

    /**
     * Runs the named subcommand and exits with its code.
     *
     * @param argv the command name and its arguments
     */
    public static void main(String[] argv) {
        System.exit(run(argv));
    }

    static int run(String[] argv) {
        List<String> all = new ArrayList<>(Arrays.asList(argv));
        boolean verbose = all.remove("--verbose");
        quietLogging(verbose);
        if (all.isEmpty()) {
            printUsage(commands(), System.err);
            return BAD_USAGE;
        }
        String name = all.get(0);
        if (name.equals("help") || name.equals("--help") || name.equals("-h")) {
            Command about = all.size() > 1 ? command(all.get(1)) : null;
            if (about != null) {
                printHelp(about, System.out);
            } else {
                printUsage(commands(), System.out);
            }
            return DONE;
        }
        Command command = command(name);
        if (command == null) {
            System.err.println("unknown command: " + name);
            printUsage(commands(), System.err);
            return BAD_USAGE;
        }
        List<String> args = all.subList(1, all.size());
        if (args.contains("--help") || args.contains("-h")) {
            printHelp(command, System.out);
            return DONE;
        }
        try {
            return command.run(args);
        } catch (UsageException e) {
            System.err.println(name + ": " + e.getMessage());
            System.err.println("usage: " + JAR + " " + command.usage());
            System.err.println("(" + JAR + " " + name + " --help for more)");
            return BAD_USAGE;
        } catch (Exception e) {
            System.err.println(name + " failed: " + e);
            JsonOutput.failed(command, e);
            return NOT_DONE;
        }
    }

    /**
     * The CLI logs warnings and errors only, DEBUG and up with {@code --verbose}; a level given with
     * {@code -Dorg.slf4j.simpleLogger.defaultLogLevel} wins (and keeps the VNC client's logging on).
     * slf4j-simple reads it once, at its first logger.
     */
    private static void quietLogging(boolean verbose) {
        if (verbose) {
            System.setProperty(LOG_LEVEL, "debug");
        } else if (System.getProperty(LOG_LEVEL) == null) {
            System.setProperty(LOG_LEVEL, "warn");
            // The VNC client logs at DEBUG and INFO only, which WARN drops: it need not start
            // slf4j at all, several ms of CPU of a one-shot screenshot (BENCHMARKS.md).
            if (System.getProperty(VncClient.LOGGING_PROPERTY) == null) {
                System.setProperty(VncClient.LOGGING_PROPERTY, "off");
            }
        }
        // This jar's backend by name: slf4j's search for providers scans the whole jar (~10 ms of a
        // one-shot vnc-capture); naming it makes slf4j say so at INFO, hence its own level at WARN.
        if (System.getProperty(SLF4J_PROVIDER) == null) {
            System.setProperty(SLF4J_PROVIDER, "org.slf4j.simple.SimpleServiceProvider");
            if (System.getProperty(SLF4J_VERBOSITY) == null) {
                System.setProperty(SLF4J_VERBOSITY, "WARN");
            }
        }
    }

    private static void printHelp(Command c, PrintStream out) {
        out.println("usage: " + JAR + " " + c.usage() + " [--verbose]");
        if (!c.description().isEmpty()) {
            out.println();
            out.println(c.description());
        }
        out.println();
        exitCodes(out);
    }

    private static void printUsage(Map<String, Command> commands, PrintStream out) {
        out.println("usage: " + JAR + " COMMAND [ARGS...] [--verbose]");
        out.println("       " + JAR + " COMMAND --help");
        out.println();
        out.println("commands:");
        for (Command c : commands.values()) {
            out.println("  " + c.usage());
        }
        out.println();
        exitCodes(out);
    }

    private static void exitCodes(PrintStream out) {
        out.println("Results: one JSON object on stdout, {\"command\": NAME, \"done\": true|false, ...};"
                + " errors and progress on stderr.");
        out.println("--verbose: library logging at DEBUG on stderr (default: warnings and errors only).");
        out.println("exit codes: " + DONE + " done, " + NOT_DONE + " not done, " + BAD_USAGE + " bad usage");
    }
}
