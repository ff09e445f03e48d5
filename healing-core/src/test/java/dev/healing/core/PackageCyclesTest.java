package dev.healing.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Reads the main sources of healing-core and fails when its packages import each other in a cycle. */
final class PackageCyclesTest {
    private static final Path SOURCES = Path.of("src", "main", "java");
    /** A reference to a type of a core package: an import or a fully qualified name. */
    private static final Pattern REFERENCE = Pattern.compile("\\bdev\\.healing\\.core((?:\\.[a-z]\\w*)*)\\.[A-Z]");

    @Test
    void corePackages_dependOnEachOtherOneWayOnly() {
        Map<String, Set<String>> uses = packageGraph();
        assertTrue(uses.containsKey("dev.healing.core.match"), () -> "sources not found under " + SOURCES.toAbsolutePath());

        List<String> cycles = new ArrayList<>();
        for (String from : uses.keySet()) {
            for (String to : uses.get(from)) {
                if (from.compareTo(to) < 0 && reaches(uses, to, from, new TreeSet<>())) {
                    cycles.add(from + " <-> " + to);
                }
            }
        }

        assertEquals(List.of(), cycles, "package cycles in healing-core: " + uses);
    }

    @Test
    void match_usesNothingOfTheHealerPackage() {
        Set<String> used = packageGraph().getOrDefault("dev.healing.core.match", Set.of());

        assertTrue(!used.contains("dev.healing.core"), "dev.healing.core.match imports dev.healing.core: " + used);
    }

    private static boolean reaches(Map<String, Set<String>> uses, String from, String target, Set<String> seen) {
        if (from.equals(target)) {
            return true;
        }
        if (!seen.add(from)) {
            return false;
        }
        for (String next : uses.getOrDefault(from, Set.of())) {
            if (reaches(uses, next, target, seen)) {
                return true;
            }
        }
        return false;
    }

    private static Map<String, Set<String>> packageGraph() {
        Map<String, Set<String>> uses = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Path dir = SOURCES.relativize(file).getParent();
                if (dir == null) {
                    continue;
                }
                String pkg = dir.toString().replace(file.getFileSystem().getSeparator(), ".");
                Set<String> used = uses.computeIfAbsent(pkg, k -> new TreeSet<>());
                Matcher m = REFERENCE.matcher(Files.readString(file));
                while (m.find()) {
                    String target = "dev.healing.core" + m.group(1);
                    if (!target.equals(pkg)) {
                        used.add(target);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return uses;
    }
}
