package dev.healing.core.workflow;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who wrote a provisional mark, and whether that change is still in progress. A mark names its
 * writer as {@code <pid>@<process start, epoch ms>}; the change is in progress while that process
 * lives and, when it is this process, while the revision has been neither committed nor rolled
 * back. Anything else is a mark left over by a crash or a failed rollback. Processes on other
 * hosts sharing the folder cannot be told apart; the store is meant for one host.
 */
final class Writers {
    private static final Set<String> OPEN = ConcurrentHashMap.newKeySet();
    private static final String ME = tokenOf(ProcessHandle.current());

    private Writers() {
    }

    /** @return this process's writer token */
    static String me() {
        return ME;
    }

    static void opened(Path realFile, String backupName) {
        OPEN.add(key(realFile, backupName));
    }

    static void closed(Path realFile, String backupName) {
        OPEN.remove(key(realFile, backupName));
    }

    /** @return whether the change by {@code writer} with backup {@code backupName} may still be verified */
    static boolean inProgress(Path realFile, String writer, String backupName) {
        if (writer == null || writer.isEmpty()) {
            return false;
        }
        if (writer.equals(ME)) {
            return OPEN.contains(key(realFile, backupName));
        }
        int at = writer.indexOf('@');
        long pid;
        try {
            pid = Long.parseLong(at < 0 ? writer : writer.substring(0, at));
        } catch (NumberFormatException e) {
            return false;
        }
        Optional<ProcessHandle> other = ProcessHandle.of(pid);
        return other.isPresent() && other.get().isAlive() && (at < 0 || tokenOf(other.get()).equals(writer)
                || other.get().info().startInstant().isEmpty());
    }

    private static String tokenOf(ProcessHandle p) {
        return p.pid() + "@" + p.info().startInstant().map(Instant::toEpochMilli).map(String::valueOf).orElse("?");
    }

    private static String key(Path realFile, String backupName) {
        return realFile + "\n" + backupName;
    }
}
