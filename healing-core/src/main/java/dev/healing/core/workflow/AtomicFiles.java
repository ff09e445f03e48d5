package dev.healing.core.workflow;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replaces files so that a crash leaves either the old or the new content, never a torn or empty
 * file: write a temp file beside the target, fsync it, rename it over the target, fsync the folder.
 * The replacement keeps the target's POSIX mode, owner and group (as far as this process may set
 * them). Temp files are named {@code .<target name>.healing-<digits>.tmp} so that a later writer
 * holding the target's lock can tell them apart and delete the ones a crash left behind.
 */
final class AtomicFiles {
    private static final Logger LOG = LoggerFactory.getLogger(AtomicFiles.class);
    private static final String TEMP_INFIX = ".healing-";
    private static final String TEMP_SUFFIX = ".tmp";

    /** Runs between the fsync of the temp file and the rename; tests use it to simulate a crash. */
    @FunctionalInterface
    interface BeforeRename {
        void run(Path temp) throws IOException;
    }

    private final BeforeRename beforeRename;

    AtomicFiles(BeforeRename beforeRename) {
        this.beforeRename = beforeRename;
    }

    static AtomicFiles standard() {
        return new AtomicFiles(temp -> { });
    }

    /**
     * Atomically replaces {@code target} (a real path, not a symlink) with {@code content},
     * keeping its mode and owner when it exists.
     */
    void write(Path target, byte[] content) throws IOException {
        Path temp = writeTemp(target.getParent(), target.getFileName().toString(), content, target);
        try {
            beforeRename.run(temp);
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            syncDirectory(target.getParent());
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * Creates a new, complete file in {@code dir} under the first free name of
     * {@code nameFor(0)}, {@code nameFor(1)}, ... (written first as a temp file of {@code tempName}); the name is claimed atomically (a hard link,
     * which fails when the name exists), so two writers never get the same name and no reader
     * ever sees a partial file under it. The new file takes the mode and owner of {@code like}.
     *
     * @return the file created
     */
    Path writeNew(Path dir, String tempName, IntFunction<String> nameFor, byte[] content, Path like)
            throws IOException {
        Path temp = writeTemp(dir, tempName, content, like);
        try {
            beforeRename.run(temp);
            for (int n = 0; n < 100_000; n++) {
                Path candidate = dir.resolve(nameFor.apply(n));
                try {
                    claim(candidate, temp);
                    syncDirectory(dir);
                    return candidate;
                } catch (FileAlreadyExistsException taken) {
                    // another revision has this name: try the next counter
                }
            }
            throw new IOException("no free backup name in " + dir + " after 100000 tries");
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static void claim(Path name, Path temp) throws IOException {
        try {
            Files.createLink(name, temp);
        } catch (FileAlreadyExistsException taken) {
            throw taken;
        } catch (UnsupportedOperationException | FileSystemException noHardLinks) {
            if (Files.exists(name, LinkOption.NOFOLLOW_LINKS)) {
                throw new FileAlreadyExistsException(name.toString());
            }
            // the file system has no hard links: fall back to an exclusive create and copy
            copyNew(temp, name);
        }
    }

    private static void copyNew(Path temp, Path name) throws IOException {
        Files.copy(temp, name, StandardCopyOption.COPY_ATTRIBUTES);
        try (FileChannel ch = FileChannel.open(name, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
    }

    /** Deletes the temp files of {@code name} in {@code dir}; call only while holding the lock of that file. */
    static List<Path> deleteTemps(Path dir, String name) throws IOException {
        Pattern own = Pattern.compile(Pattern.quote("." + name + TEMP_INFIX) + "[0-9]+" + Pattern.quote(TEMP_SUFFIX));
        List<Path> deleted = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return deleted;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                if (own.matcher(p.getFileName().toString()).matches() && Files.deleteIfExists(p)) {
                    deleted.add(p);
                }
            }
        }
        return deleted;
    }

    /** @return the target name a temp file belongs to, or null when {@code fileName} is no temp file of ours */
    static String targetOfTemp(String fileName) {
        if (!fileName.startsWith(".") || !fileName.endsWith(TEMP_SUFFIX)) {
            return null;
        }
        int infix = fileName.lastIndexOf(TEMP_INFIX);
        if (infix <= 1) {
            return null;
        }
        String digits = fileName.substring(infix + TEMP_INFIX.length(), fileName.length() - TEMP_SUFFIX.length());
        return digits.matches("[0-9]+") ? fileName.substring(1, infix) : null;
    }

    private static Path writeTemp(Path dir, String name, byte[] content, Path like) throws IOException {
        Path temp = Files.createTempFile(dir, "." + name + TEMP_INFIX, TEMP_SUFFIX);
        try {
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.wrap(content);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
            }
            // The mode goes on after the content, so that a read-only original can still be replaced.
            copyOwnerAndMode(like, temp);
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.READ)) {
                ch.force(true);
            }
            return temp;
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
    }

    /** Gives {@code to} the POSIX mode, owner and group of {@code from}, when {@code from} exists. */
    private static void copyOwnerAndMode(Path from, Path to) throws IOException {
        PosixFileAttributeView fromView = Files.getFileAttributeView(from, PosixFileAttributeView.class);
        PosixFileAttributeView toView = Files.getFileAttributeView(to, PosixFileAttributeView.class);
        if (fromView == null || toView == null || !Files.exists(from)) {
            return;
        }
        PosixFileAttributes wanted = fromView.readAttributes();
        PosixFileAttributes now = toView.readAttributes();
        try {
            if (!wanted.group().equals(now.group())) {
                toView.setGroup(wanted.group());
            }
            if (!wanted.owner().equals(now.owner())) {
                toView.setOwner(wanted.owner());
            }
        } catch (IOException e) {
            // Only root may give a file away; the mode is still kept below.
            LOG.debug("cannot give {} the owner {}:{} of {}: {}", to, wanted.owner(), wanted.group(), from,
                    e.toString());
        }
        toView.setPermissions(wanted.permissions());
    }

    private static void syncDirectory(Path dir) {
        // Makes the rename itself durable; not every platform can open a directory for sync.
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // best effort: the data is already on disk and the rename is atomic
        }
    }
}
