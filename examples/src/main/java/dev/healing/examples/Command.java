package dev.healing.examples;

import java.util.List;

/** One subcommand of the examples jar. */
interface Command {
    /** @return the usage line printed by {@code help}, e.g. {@code "demo [--db FILE]"} */
    String usage();

    /**
     * Runs the command.
     *
     * @param args the arguments after the command name
     * @return the process exit code
     * @throws UsageException when the arguments are wrong (printed with the usage line, exit 2)
     */
    int run(List<String> args) throws Exception;
}
