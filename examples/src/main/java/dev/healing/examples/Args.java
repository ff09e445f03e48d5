package dev.healing.examples;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Command-line arguments: options with a value, flags, and positional arguments. */
final class Args {
    private final Map<String, String> options;
    private final Set<String> flags;
    private final List<String> positional;

    private Args(Map<String, String> options, Set<String> flags, List<String> positional) {
        this.options = options;
        this.flags = flags;
        this.positional = positional;
    }

    /**
     * @param valued     options that take a value, e.g. {@code --db}
     * @param flagNames  options without a value, e.g. {@code --double}
     * @param minPositional fewest positional arguments
     * @param maxPositional most positional arguments
     * @throws UsageException on an unknown option, a missing value, or a wrong count
     */
    static Args parse(List<String> args, List<String> valued, List<String> flagNames, int minPositional,
                      int maxPositional) {
        Map<String, String> options = new HashMap<>();
        Set<String> flags = new HashSet<>();
        List<String> positional = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (valued.contains(a)) {
                if (i + 1 >= args.size()) {
                    throw new UsageException(a + " needs a value");
                }
                options.put(a, args.get(++i));
            } else if (flagNames.contains(a)) {
                flags.add(a);
            } else if (a.startsWith("--") && a.length() > 2) {
                throw new UsageException("unknown option " + a);
            } else {
                positional.add(a);
            }
        }
        if (positional.size() < minPositional || positional.size() > maxPositional) {
            throw new UsageException("expected " + (minPositional == maxPositional ? String.valueOf(minPositional)
                    : minPositional + ".." + maxPositional) + " argument(s), got " + positional.size());
        }
        return new Args(options, flags, positional);
    }

    String option(String name) {
        return options.get(name);
    }

    String option(String name, String fallback) {
        return options.getOrDefault(name, fallback);
    }

    boolean flag(String name) {
        return flags.contains(name);
    }

    String positional(int i) {
        return positional.get(i);
    }

    int positionalCount() {
        return positional.size();
    }
}
