package dev.healing.examples;

import java.util.List;

/**
 * One subcommand of the examples jar. {@link Main} handles {@code --help}, {@code -h} and {@code --verbose}
 * for every command before {@link #run} sees the arguments, and turns a {@link UsageException} into exit 2.
 */
interface Command {
    /** @return the usage line, name first, e.g. {@code "demo [--db FILE] [--keep]"} */
    String usage();

    /** @return what the command does, for {@code COMMAND --help}; empty when the usage line says it all */
    default String description() {
        return "";
    }

    /** @return the command's name: the first word of its usage line */
    default String name() {
        String usage = usage();
        int space = usage.indexOf(' ');
        return space < 0 ? usage : usage.substring(0, space);
    }

    /**
     * Runs the command.
     *
     * @param args the arguments after the command name, without {@code --verbose}
     * @return the process exit code: {@link Main#DONE} or {@link Main#NOT_DONE}
     * @throws UsageException when the arguments are wrong (printed with the usage line, exit 2)
     */
    int run(List<String> args) throws Exception;
}
