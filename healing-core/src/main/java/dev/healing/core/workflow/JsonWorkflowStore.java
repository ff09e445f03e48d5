package dev.healing.core.workflow;

import dev.healing.api.Point;
import dev.healing.api.Revision;
import dev.healing.api.WorkflowException;
import dev.healing.api.WorkflowStep;
import dev.healing.api.WorkflowStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Workflows as the JSON files runners already keep: workflow {@code id} is the file
 * {@code <directory>/<id>.json}. Reads {@code {"actions": [...]}} and {@code {"steps": [...]}},
 * flat or nested coordinates, {@code type}, {@code description} or {@code name}, and
 * {@code "sensitive"} ({@code true}, {@code "true"}, {@code "True"}, {@code "yes"}, {@code "1"},
 * {@code 1}, ... and their false counterparts; any other value is refused with an error naming
 * the file and step).
 *
 * <p>Every change first copies the file to a new backup under {@code <directory>/.healing-backups/}
 * (named {@code <id>.<UTC time>[-n].json}; the name is claimed atomically, so no two revisions ever
 * share one), then replaces the file atomically (temp file, fsync, rename); rollback restores the
 * backup byte for byte when nothing else changed the file meanwhile, and otherwise only the step
 * that was changed. Fields it does not know survive. Each change appends
 * {@code {timestamp, old_x, old_y, new_x, new_y, reason, backup, writer}} to the step's
 * {@code _healing_history} and marks the step {@code _healing_provisional} until committed.
 *
 * <p>Crash safety: a kill at any moment leaves the file whole (old or new content). Temp files a
 * crash leaves are deleted by the next writer of that file and when a store is opened on the
 * folder. A provisional mark whose writer died, or whose rollback failed, is restored (from its
 * backup, else from the step's history) before the workflow is next read with {@link #step},
 * healed, or {@link #recover}ed; when neither can restore it, those calls fail loudly instead.
 * A change this process has neither committed nor rolled back counts as still being verified for
 * as long as the process lives.
 *
 * <p>Symlinks are followed: the link's target is rewritten in place and the link stays a link.
 * Rewrites, rollbacks and backups keep the file's POSIX mode, and its owner and group where this
 * process may set them. Files over {@link #MAX_FILE_BYTES} are refused.
 *
 * <p>Thread- and process-safe: writers of one file (any number of store instances, in this JVM
 * or other processes on this host) are serialized by an in-JVM lock and an OS file lock on
 * {@code .<name>.lock} beside the file, each waited for at most 30 s. Readers take no lock and
 * always see a whole file. Errors are {@link WorkflowException}s naming the file and step; the
 * file is then left untouched.
 */
public final class JsonWorkflowStore implements WorkflowStore {
    /** The folder, inside the workflow directory, where backups go. */
    public static final String BACKUP_DIR = ".healing-backups";
    /** The largest workflow file read, in bytes (32 MiB); larger files are refused with an error. */
    public static final long MAX_FILE_BYTES = 32L * 1024 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(JsonWorkflowStore.class);
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,199}");
    private static final Pattern SAFE_BACKUP = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,250}");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'")
            .withZone(ZoneOffset.UTC);
    private static final int MAX_RESTORES_PER_STEP = 50;

    private final Path directory;
    private final Clock clock;
    private final AtomicFiles files;

    JsonWorkflowStore(Path directory, Clock clock, AtomicFiles files) {
        this.directory = Objects.requireNonNull(directory, "directory");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.files = files;
    }

    /**
     * Opens the store on {@code directory} and deletes the temp files that crashed writers left
     * there (only those of files no live writer holds).
     *
     * @return a store for the {@code <id>.json} files in {@code directory}
     */
    public static JsonWorkflowStore inDirectory(Path directory) {
        JsonWorkflowStore store = new JsonWorkflowStore(directory, Clock.systemUTC(), AtomicFiles.standard());
        store.sweepTemps();
        return store;
    }

    /** @return the same store with another time source for history timestamps and backup names */
    public JsonWorkflowStore withClock(Clock newClock) {
        return new JsonWorkflowStore(directory, newClock, files);
    }

    /** @return the file that holds workflow {@code workflowId} */
    public Path fileOf(String workflowId) {
        Objects.requireNonNull(workflowId, "workflowId");
        if (!SAFE_ID.matcher(workflowId).matches()) {
            throw new WorkflowException("workflow id " + workflowId
                    + " is not a plain file name (letters, digits, '.', '_', '-')");
        }
        return directory.resolve(workflowId + ".json");
    }

    /**
     * {@inheritDoc}
     *
     * <p>A provisional mark left over by a crash or a failed rollback is first restored (see
     * {@link #recover}); an error when it cannot be.
     */
    @Override
    public WorkflowStep step(String workflowId, int stepIndex) {
        Path file = fileOf(workflowId);
        Path real = realFile(file);
        WorkflowDocument doc = WorkflowDocument.parse(file, read(file, real));
        if (!leftovers(real, doc).isEmpty() && !recover(workflowId).isEmpty()) {
            doc = WorkflowDocument.parse(file, read(file, real));
        }
        return doc.step(stepIndex);
    }

    @Override
    public int stepCount(String workflowId) {
        Path file = fileOf(workflowId);
        return WorkflowDocument.parse(file, read(file, realFile(file))).stepCount();
    }

    /**
     * Restores every step whose provisional mark was left over: its writer died before commit or
     * rollback, or its rollback failed. Marks of changes still being verified (by this process or
     * another live one) are left alone. Each step comes back from the backup named in its history,
     * or, when that backup is gone, from the old point in its history. Call before playing or healing.
     *
     * @return the indexes of the steps restored, empty when there were none
     * @throws WorkflowException naming the file and step when a mark can be restored neither way,
     *                           or the file cannot be written; the file is then unchanged
     */
    @Override
    @SuppressWarnings("try") // the lock is held for the block, never read
    public List<Integer> recover(String workflowId) {
        Path file = fileOf(workflowId);
        Path real = realFile(file);
        if (leftovers(real, WorkflowDocument.parse(file, read(file, real))).isEmpty()) {
            // nothing to restore: no lock, so read-only workflow folders can be played
            return List.of();
        }
        try (WorkflowLock lock = lock(real)) {
            cleanTemps(file, real);
            return restoreLeftovers(file, real, WorkflowDocument.parse(file, read(file, real)));
        }
    }

    @Override
    @SuppressWarnings("try") // the lock is held for the block, never read
    public Revision move(String workflowId, int stepIndex, Point newPoint, String reason) {
        Objects.requireNonNull(newPoint, "newPoint");
        Path file = fileOf(workflowId);
        Path real = realFile(file);
        try (WorkflowLock lock = lock(real)) {
            cleanTemps(file, real);
            byte[] original = read(file, real);
            WorkflowDocument doc = WorkflowDocument.parse(file, original);
            if (!restoreLeftovers(file, real, doc).isEmpty()) {
                original = doc.toBytes();
            }
            if (doc.point(stepIndex) == null) {
                throw new WorkflowException(file + ": step " + stepIndex + " has no coordinates to change");
            }
            Path backup = backUp(file, real, original);
            String now = clock.instant().toString();
            Point old = doc.move(stepIndex, newPoint, reason == null ? "" : reason, now,
                    backup.getFileName().toString(), Writers.me());
            write(file, real, doc.toBytes(), "step " + stepIndex);
            Writers.opened(real, backup.getFileName().toString());
            return new Revision(workflowId, stepIndex, old, newPoint, backup.toString(), clock.instant());
        }
    }

    @Override
    @SuppressWarnings("try") // the lock is held for the block, never read
    public void commit(Revision revision) {
        Path file = fileOf(revision.workflowId());
        Path real = realFile(file);
        try (WorkflowLock lock = lock(real)) {
            WorkflowDocument doc = WorkflowDocument.parse(file, read(file, real));
            WorkflowStep step = doc.step(revision.stepIndex());
            if (!revision.newPoint().equals(step.point())) {
                throw new WorkflowException(file + ": step " + revision.stepIndex() + " is at " + step.point()
                        + ", not at the provisional " + revision.newPoint() + "; was the file changed meanwhile?");
            }
            if (doc.confirm(revision.stepIndex())) {
                write(file, real, doc.toBytes(), "step " + revision.stepIndex());
            }
        } finally {
            Writers.closed(real, Path.of(revision.backup()).getFileName().toString());
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>Restores the backup byte for byte when nothing else in the file changed since
     * {@link #move}; otherwise (another writer changed other steps meanwhile) puts back only this
     * step as the backup has it, keeping the other changes. When the backup is gone, the step's
     * old point comes back from its history. Does nothing when the step was already restored.
     */
    @Override
    @SuppressWarnings("try") // the lock is held for the block, never read
    public void rollback(Revision revision) {
        Path file = fileOf(revision.workflowId());
        Path real = realFile(file);
        int index = revision.stepIndex();
        try (WorkflowLock lock = lock(real)) {
            cleanTemps(file, real);
            WorkflowDocument current = WorkflowDocument.parse(file, read(file, real));
            Point now = current.point(index);
            boolean marked = current.isProvisional(index);
            if (!revision.newPoint().equals(now) || !marked) {
                if (revision.oldPoint().equals(now) && !marked) {
                    return;
                }
                throw new WorkflowException(file + ": step " + index + " is at " + now + (marked ? "" : ", unmarked")
                        + ", not at the provisional " + revision.newPoint()
                        + "; it was changed meanwhile, so this revision is not rolled back");
            }
            Path backup = Path.of(revision.backup());
            String backupProblem;
            try {
                Backup kept = readBackup(backup);
                byte[] saved = kept.bytes();
                WorkflowDocument before = kept.doc();
                if (index < before.stepCount() && revision.oldPoint().equals(before.point(index))) {
                    if (current.sameExceptStep(before, index)) {
                        write(file, real, saved, "step " + index + " rollback");
                    } else {
                        current.restoreStep(index, before);
                        write(file, real, current.toBytes(), "step " + index + " rollback");
                    }
                    return;
                }
                backupProblem = backup + " does not hold step " + index + " at " + revision.oldPoint();
            } catch (IOException e) {
                backupProblem = "cannot use backup " + backup + ": " + e.getMessage();
            }
            if (revision.oldPoint().equals(current.pointBeforeLastChange(index))) {
                current.undoLastChange(index);
                write(file, real, current.toBytes(), "step " + index + " rollback");
                LOG.warn("{}: rolled step {} back from its history: {}", file, index, backupProblem);
                return;
            }
            throw new WorkflowException(file + ": cannot roll back step " + index + ": "
                    + backupProblem + ", and its history does not name the old point " + revision.oldPoint());
        } finally {
            Writers.closed(real, Path.of(revision.backup()).getFileName().toString());
        }
    }

    @Override
    public String locationOf(String workflowId) {
        return fileOf(workflowId).toAbsolutePath().toString();
    }

    /** The steps with a provisional mark no live writer is still verifying. */
    private static List<Integer> leftovers(Path real, WorkflowDocument doc) {
        List<Integer> stale = new ArrayList<>();
        for (int i : doc.provisionalSteps()) {
            if (isLeftover(real, doc, i)) {
                stale.add(i);
            }
        }
        return stale;
    }

    private static boolean isLeftover(Path real, WorkflowDocument doc, int index) {
        return doc.isProvisional(index) && !Writers.inProgress(real, doc.lastHistory(index, WorkflowDocument.WRITER),
                doc.lastHistory(index, WorkflowDocument.BACKUP));
    }

    /** Restores the left-over marks in {@code doc} and writes it when there were any; the caller holds the lock. */
    private List<Integer> restoreLeftovers(Path file, Path real, WorkflowDocument doc) {
        List<Integer> stale = leftovers(real, doc);
        for (int i : stale) {
            // a backup may itself hold an older left-over mark; one still being verified stays
            for (int round = 0; isLeftover(real, doc, i); round++) {
                if (round == MAX_RESTORES_PER_STEP) {
                    throw refused(file, i, "its backups are still provisional after " + round + " restores");
                }
                restoreOnce(file, doc, i);
            }
        }
        if (!stale.isEmpty()) {
            write(file, real, doc.toBytes(), "the restored steps " + stale);
            LOG.warn("{}: restored steps {} that kept a provisional mark from an interrupted heal", file, stale);
        }
        return stale;
    }

    private void restoreOnce(Path file, WorkflowDocument doc, int index) {
        String name = doc.lastHistory(index, WorkflowDocument.BACKUP);
        Point old = doc.pointBeforeLastChange(index);
        if (SAFE_BACKUP.matcher(name).matches()) {
            Path backup = backupDir(file).resolve(name);
            try {
                WorkflowDocument before = readBackup(backup).doc();
                if (index < before.stepCount() && (old == null || old.equals(before.point(index)))) {
                    doc.restoreStep(index, before);
                    return;
                }
            } catch (IOException e) {
                LOG.debug("{}: backup {} cannot restore step {}: {}", file, backup, index, e.getMessage());
            }
        }
        if (old == null) {
            throw refused(file, index, "neither its backup nor its healing history names the point before it");
        }
        doc.undoLastChange(index);
    }

    /** A backup's content and its parse. */
    private record Backup(byte[] bytes, WorkflowDocument doc) {
    }

    /** Reads and parses a backup; every problem, including a missing or malformed backup, is an IOException. */
    private static Backup readBackup(Path backup) throws IOException {
        try {
            byte[] bytes = read(backup, backup.toRealPath());
            return new Backup(bytes, WorkflowDocument.parse(backup, bytes));
        } catch (WorkflowException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private static WorkflowException refused(Path file, int index, String why) {
        return new WorkflowException(file + ": step " + index + " keeps a provisional mark from an interrupted "
                + "heal and cannot be restored: " + why + "; check its coordinates and remove \""
                + WorkflowDocument.PROVISIONAL + "\" by hand before playing or healing this workflow");
    }

    private static WorkflowLock lock(Path real) {
        return WorkflowLock.acquire(real, WorkflowLock.TIMEOUT);
    }

    private Path backupDir(Path file) {
        return file.toAbsolutePath().getParent().resolve(BACKUP_DIR);
    }

    private static String baseOf(Path file) {
        return file.getFileName().toString().replaceFirst("\\.json$", "");
    }

    /** The file a workflow path stands for: symlinks followed, so writes go to the target. */
    private static Path realFile(Path file) {
        try {
            return file.toRealPath();
        } catch (NoSuchFileException e) {
            throw new WorkflowException(file + ": no such workflow file", e);
        } catch (IOException e) {
            throw new WorkflowException(file + ": cannot resolve: " + e.getMessage(), e);
        }
    }

    /** Reads at most {@link #MAX_FILE_BYTES}; {@code shown} names the file in errors. */
    private static byte[] read(Path shown, Path real) {
        try {
            long size = Files.size(real);
            if (size > MAX_FILE_BYTES) {
                throw tooLarge(shown, size);
            }
            try (InputStream in = Files.newInputStream(real)) {
                byte[] bytes = in.readNBytes((int) MAX_FILE_BYTES + 1);
                if (bytes.length > MAX_FILE_BYTES) {
                    throw tooLarge(shown, bytes.length);
                }
                return bytes;
            }
        } catch (NoSuchFileException e) {
            throw new WorkflowException(shown + ": no such workflow file", e);
        } catch (IOException e) {
            throw new WorkflowException(shown + ": cannot read: " + e.getMessage(), e);
        }
    }

    private static WorkflowException tooLarge(Path file, long size) {
        return new WorkflowException(file + ": " + size + " bytes is more than the " + MAX_FILE_BYTES
                + " bytes (32 MiB) a workflow file may have; refused, nothing read or changed");
    }

    private Path backUp(Path file, Path real, byte[] original) {
        Path dir = backupDir(file);
        String base = baseOf(file);
        String stamp = STAMP.format(clock.instant());
        try {
            Files.createDirectories(dir);
            return files.writeNew(dir, base + ".backup", n -> base + "." + stamp + (n == 0 ? "" : "-" + n) + ".json",
                    original, real);
        } catch (IOException e) {
            throw new WorkflowException(file + ": cannot write a backup into " + dir + ": " + e.getMessage(), e);
        }
    }

    private void write(Path file, Path real, byte[] content, String what) {
        try {
            files.write(real, content);
        } catch (IOException e) {
            throw new WorkflowException(file + ": cannot write " + what + ": " + e.getMessage()
                    + "; the file is unchanged", e);
        }
    }

    /** Deletes the temp files of this workflow's file and backups; the caller holds its lock. */
    private void cleanTemps(Path file, Path real) {
        try {
            List<Path> gone = new ArrayList<>(AtomicFiles.deleteTemps(real.getParent(), real.getFileName().toString()));
            gone.addAll(AtomicFiles.deleteTemps(backupDir(file), baseOf(file) + ".backup"));
            if (!gone.isEmpty()) {
                LOG.info("{}: deleted temp files an interrupted write left: {}", file, gone);
            }
        } catch (IOException e) {
            LOG.warn("{}: cannot delete the temp files an interrupted write left: {}", file, e.toString());
        }
    }

    /** Deletes the temp files in the folder and its backups whose workflow no live writer holds. */
    private void sweepTemps() {
        for (Path dir : List.of(directory, directory.resolve(BACKUP_DIR))) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            List<String> targets = new ArrayList<>();
            try (Stream<Path> list = Files.list(dir)) {
                list.map(p -> AtomicFiles.targetOfTemp(p.getFileName().toString())).filter(Objects::nonNull)
                        .distinct().forEach(targets::add);
            } catch (IOException e) {
                LOG.warn("{}: cannot look for left-over temp files: {}", dir, e.toString());
                continue;
            }
            for (String target : targets) {
                boolean backup = dir.endsWith(BACKUP_DIR);
                String workflowName = backup ? target.replaceFirst("\\.backup$", "") + ".json" : target;
                Path file = directory.resolve(workflowName);
                try (WorkflowLock lock = WorkflowLock.acquire(Files.exists(file) ? realFile(file)
                        : file.toAbsolutePath().normalize(), Duration.ZERO)) {
                    if (lock != null) {
                        List<Path> gone = AtomicFiles.deleteTemps(dir, target);
                        LOG.info("{}: deleted temp files an interrupted write left: {}", dir, gone);
                    }
                } catch (IOException | WorkflowException e) {
                    LOG.warn("{}: cannot delete left-over temp files of {}: {}", dir, target, e.toString());
                }
            }
        }
    }
}
