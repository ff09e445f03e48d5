package dev.healing.core.workflow;

import dev.healing.api.Point;
import dev.healing.api.Revision;
import dev.healing.api.WorkflowException;
import dev.healing.api.WorkflowStep;
import dev.healing.api.WorkflowStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.regex.Pattern;

/**
 * Workflows as the JSON files runners already keep: workflow {@code id} is the file
 * {@code <directory>/<id>.json}. Reads {@code {"actions": [...]}} and {@code {"steps": [...]}},
 * flat or nested coordinates, {@code type}, {@code description} or {@code name}, and
 * {@code "sensitive": true}.
 *
 * <p>Every change first copies the file to a timestamped backup under
 * {@code <directory>/.healing-backups/}, then replaces the file atomically (temp file, fsync,
 * rename); rollback restores the backup byte for byte. Fields it does not know survive. Each
 * change appends {@code {timestamp, old_x, old_y, new_x, new_y, reason}} to the step's
 * {@code _healing_history} and marks the step {@code _healing_provisional} until committed.
 *
 * <p>Thread-safe: changes to one file are serialized. Errors are {@link WorkflowException}s
 * naming the file and step; the file is then left untouched.
 */
public final class JsonWorkflowStore implements WorkflowStore {
    /** The folder, inside the workflow directory, where backups go. */
    public static final String BACKUP_DIR = ".healing-backups";

    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,199}");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private final Path directory;
    private final Clock clock;
    private final AtomicFiles files;
    private final ConcurrentMap<Path, Object> locks = new ConcurrentHashMap<>();

    JsonWorkflowStore(Path directory, Clock clock, AtomicFiles files) {
        this.directory = Objects.requireNonNull(directory, "directory");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.files = files;
    }

    /** @return a store for the {@code <id>.json} files in {@code directory} */
    public static JsonWorkflowStore inDirectory(Path directory) {
        return new JsonWorkflowStore(directory, Clock.systemUTC(), AtomicFiles.standard());
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

    @Override
    public WorkflowStep step(String workflowId, int stepIndex) {
        Path file = fileOf(workflowId);
        return WorkflowDocument.parse(file, read(file)).step(stepIndex);
    }

    @Override
    public int stepCount(String workflowId) {
        Path file = fileOf(workflowId);
        return WorkflowDocument.parse(file, read(file)).stepCount();
    }

    @Override
    public Revision move(String workflowId, int stepIndex, Point newPoint, String reason) {
        Objects.requireNonNull(newPoint, "newPoint");
        Path file = fileOf(workflowId);
        synchronized (lockOf(file)) {
            byte[] original = read(file);
            WorkflowDocument doc = WorkflowDocument.parse(file, original);
            String now = clock.instant().toString();
            Point old = doc.move(stepIndex, newPoint, reason == null ? "" : reason, now);
            byte[] changed = doc.toBytes();
            Path backup = backUp(file, original);
            write(file, changed, "step " + stepIndex);
            return new Revision(workflowId, stepIndex, old, newPoint, backup.toString(), clock.instant());
        }
    }

    @Override
    public void commit(Revision revision) {
        Path file = fileOf(revision.workflowId());
        synchronized (lockOf(file)) {
            WorkflowDocument doc = WorkflowDocument.parse(file, read(file));
            WorkflowStep step = doc.step(revision.stepIndex());
            if (!revision.newPoint().equals(step.point())) {
                throw new WorkflowException(file + ": step " + revision.stepIndex() + " is at " + step.point()
                        + ", not at the provisional " + revision.newPoint() + "; was the file changed meanwhile?");
            }
            if (doc.confirm(revision.stepIndex())) {
                write(file, doc.toBytes(), "step " + revision.stepIndex());
            }
        }
    }

    @Override
    public void rollback(Revision revision) {
        Path file = fileOf(revision.workflowId());
        synchronized (lockOf(file)) {
            Path backup = Path.of(revision.backup());
            byte[] saved;
            try {
                saved = Files.readAllBytes(backup);
            } catch (IOException e) {
                throw new WorkflowException(file + ": cannot read backup " + backup + " to roll back step "
                        + revision.stepIndex() + ": " + e.getMessage(), e);
            }
            write(file, saved, "step " + revision.stepIndex() + " rollback");
        }
    }

    private Object lockOf(Path file) {
        return locks.computeIfAbsent(file.toAbsolutePath().normalize(), f -> new Object());
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new WorkflowException(file + ": no such workflow file", e);
        } catch (IOException e) {
            throw new WorkflowException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    private Path backUp(Path file, byte[] original) {
        Path dir = file.toAbsolutePath().getParent().resolve(BACKUP_DIR);
        String base = file.getFileName().toString().replaceFirst("\\.json$", "");
        String stamp = STAMP.format(clock.instant());
        try {
            Files.createDirectories(dir);
            Path backup = dir.resolve(base + "." + stamp + ".json");
            for (int n = 1; Files.exists(backup); n++) {
                backup = dir.resolve(base + "." + stamp + "-" + n + ".json");
            }
            files.write(backup, original);
            return backup;
        } catch (IOException e) {
            throw new WorkflowException(file + ": cannot write a backup into " + dir + ": " + e.getMessage(), e);
        }
    }

    private void write(Path file, byte[] content, String what) {
        try {
            files.write(file, content);
        } catch (IOException e) {
            throw new WorkflowException(file + ": cannot write " + what + ": " + e.getMessage()
                    + "; the file is unchanged", e);
        }
    }
}
