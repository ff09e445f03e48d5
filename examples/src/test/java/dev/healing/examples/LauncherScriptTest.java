package dev.healing.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.healing.api.Image;
import dev.healing.testing.Prerequisites;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/healing}, the launcher: run with {@code sh} against a real Xvnc, on a jar made here of
 * this module's class path (the shaded jar is built after the tests). A class archive must be
 * written by a command's first successful run and used by the next; a changed jar, a damaged
 * archive or a cache that cannot be written must still give the command's own result.
 */
class LauncherScriptTest {
    private static final int SCREEN = 0x336699;
    private static final ObjectMapper JSON = new ObjectMapper();

    private static XvncDisplay xvnc;
    @TempDir
    static Path shared;
    private static Path jar;

    @BeforeAll
    static void start() throws Exception {
        Prerequisites.requireOnPath("sh", "xsetroot");
        xvnc = XvncDisplay.start(200, 120);
        ProcessBuilder paint = new ProcessBuilder("xsetroot", "-solid", "#336699").redirectErrorStream(true);
        paint.environment().put("DISPLAY", xvnc.display());
        Process p = paint.start();
        assertTrue(p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0, "xsetroot failed");
        jar = classPathJar(shared.resolve("healing-examples.jar"));
    }

    @AfterAll
    static void stop() {
        if (xvnc != null) {
            xvnc.close();
        }
    }

    @Test
    void firstRunWritesTheArchive_laterRunsLoadTheCommandFromIt(@TempDir Path dir) throws Exception {
        Path cache = dir.resolve("cache");
        Run first = capture(cache, dir.resolve("a.png"), "");
        first.assertCaptured(dir.resolve("a.png"));
        List<Path> archives = files(cache);
        assertEquals(1, archives.size(), "one archive, no partial files: " + archives);
        Path archive = archives.get(0);
        assertTrue(archive.getFileName().toString().endsWith(".vnc-capture.jsa"), archive.toString());
        assertTrue(archive.toString().contains(System.getProperty("java.home")), "keyed by the JDK: " + archive);

        Path classes = dir.resolve("classes.txt");
        Run second = capture(cache, dir.resolve("b.png"), "-Xlog:class+load=info:file=" + classes);
        second.assertCaptured(dir.resolve("b.png"));
        assertTrue(sharedFromArchive(classes, "dev.healing.examples.Main"), "Main from the archive");
        assertTrue(sharedFromArchive(classes, "dev.healing.core.vnc.RfbSession"), "the VNC client from the archive");
        assertEquals(List.of(archive), files(cache), "the archive is reused, not written again");
    }

    @Test
    void aNewerJarGetsANewArchive(@TempDir Path dir) throws Exception {
        Path cache = dir.resolve("cache");
        Path ownJar = classPathJar(dir.resolve("healing-examples.jar"));
        capture(cache, ownJar, dir.resolve("a.png"), "").assertCaptured(dir.resolve("a.png"));
        Path archive = files(cache).get(0);
        // the jar rebuilt after the archive was written
        FileTime written = FileTime.fromMillis(Files.getLastModifiedTime(ownJar).toMillis() - 10_000);
        Files.setLastModifiedTime(archive, written);
        capture(cache, ownJar, dir.resolve("b.png"), "").assertCaptured(dir.resolve("b.png"));
        assertEquals(List.of(archive), files(cache));
        assertTrue(Files.getLastModifiedTime(archive).compareTo(written) > 0, "the archive was written again");
        Path classes = dir.resolve("classes.txt");
        capture(cache, ownJar, dir.resolve("c.png"), "-Xlog:class+load=info:file=" + classes)
                .assertCaptured(dir.resolve("c.png"));
        assertTrue(sharedFromArchive(classes, "dev.healing.examples.Main"), "the new archive is used");
    }

    @Test
    void aDamagedArchiveOnlyWarns_andTheCommandStillWorks(@TempDir Path dir) throws Exception {
        Path cache = dir.resolve("cache");
        capture(cache, dir.resolve("a.png"), "").assertCaptured(dir.resolve("a.png"));
        Path archive = files(cache).get(0);
        byte[] garbage = new byte[100_000];
        new java.util.Random(7).nextBytes(garbage);
        archive.toFile().setWritable(true);
        Files.write(archive, garbage);
        Files.setLastModifiedTime(archive, FileTime.fromMillis(System.currentTimeMillis() + 5_000));
        // stdout stays the command's JSON alone
        capture(cache, dir.resolve("b.png"), "").assertCaptured(dir.resolve("b.png"));
    }

    @Test
    void aCacheThatCannotBeWritten_runsWithoutAnArchive(@TempDir Path dir) throws Exception {
        Path notADirectory = Files.writeString(dir.resolve("cache"), "a file, not a directory");
        capture(notADirectory, dir.resolve("a.png"), "").assertCaptured(dir.resolve("a.png"));
        assertEquals("a file, not a directory", Files.readString(notADirectory));
    }

    @Test
    void failuresKeepTheirExitCode_andWriteNoArchive(@TempDir Path dir) throws Exception {
        Path cache = dir.resolve("cache");
        Run usage = run(cache, jar, "", "vnc-capture", xvnc.address());
        assertEquals(2, usage.code, usage.toString());
        assertTrue(usage.err.contains("usage:"), usage.toString());
        Run refused = run(cache, jar, "", "vnc-capture", "127.0.0.1:1", dir.resolve("x.png").toString());
        assertTrue(refused.code != 0 && refused.code != 2, refused.toString());
        assertEquals(List.of(), files(cache), "no archive from failed runs");
    }

    @Test
    void otherCommandsRunAsJavaJar_andAMissingJarIsAClearError(@TempDir Path dir) throws Exception {
        Run help = run(dir.resolve("cache"), jar, "", "help");
        assertEquals(0, help.code, help.toString());
        assertTrue(help.out.contains("vnc-capture") && help.out.contains("eval-corpus"), help.out);
        assertFalse(Files.exists(dir.resolve("cache")), "no archive for long-running commands");

        Run missing = run(dir.resolve("cache"), dir.resolve("nowhere.jar"), "", "help");
        assertEquals(2, missing.code, missing.toString());
        assertTrue(missing.err.contains("healing-examples.jar"), missing.toString());
    }

    @Test
    void aLinkToTheScript_findsTheJarBesideTheScript(@TempDir Path dir) throws Exception {
        Path install = Files.createDirectories(dir.resolve("opt/healing"));
        Path script = Files.copy(Path.of(System.getProperty("healing.root", ".."), "bin", "healing"),
                install.resolve("healing"));
        classPathJar(install.resolve("healing-examples.jar"));
        Path link = Files.createSymbolicLink(Files.createDirectories(dir.resolve("bin")).resolve("healing"), script);
        Run run = runScript(link, dir.resolve("cache"), null, "", "vnc-capture", xvnc.address(), dir.resolve("a.png").toString());
        run.assertCaptured(dir.resolve("a.png"));
    }

    private Run capture(Path cache, Path png, String javaOpts) throws Exception {
        return capture(cache, jar, png, javaOpts);
    }

    private Run capture(Path cache, Path withJar, Path png, String javaOpts) throws Exception {
        return run(cache, withJar, javaOpts, "vnc-capture", xvnc.address(), png.toString());
    }

    private static Run run(Path cache, Path withJar, String javaOpts, String... args) throws Exception {
        return runScript(Path.of(System.getProperty("healing.root", ".."), "bin", "healing"), cache, withJar, javaOpts,
                args);
    }

    /** Runs {@code script} with {@code sh}; {@code withJar} null leaves the script to find the jar. */
    private static Run runScript(Path script, Path cache, Path withJar, String javaOpts, String... args)
            throws Exception {
        List<String> command = new ArrayList<>(List.of("sh", script.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        Map<String, String> env = pb.environment();
        env.put("JAVA_HOME", System.getProperty("java.home"));
        if (withJar == null) {
            env.remove("HEALING_JAR");
        } else {
            env.put("HEALING_JAR", withJar.toString());
        }
        env.put("HEALING_CACHE", cache.toString());
        env.put("HEALING_JAVA_OPTS", javaOpts);
        Process p = pb.start();
        p.getOutputStream().close();
        // stderr on a thread of its own: a full pipe would stall the process
        StringBuilder err = new StringBuilder();
        Thread drain = new Thread(() -> {
            try (InputStream in = p.getErrorStream()) {
                err.append(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException ignored) {
                // the process ended
            }
        });
        drain.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("bin/healing " + String.join(" ", args) + " did not end within 60 s");
        }
        drain.join(10_000);
        return new Run(p.exitValue(), out, err.toString());
    }

    private static boolean sharedFromArchive(Path classLog, String className) throws IOException {
        try (Stream<String> lines = Files.lines(classLog)) {
            return lines.anyMatch(l -> l.contains(" " + className + " source: shared objects file"));
        }
    }

    /** @return the regular files under {@code dir}, partial archives included (none when it is missing) */
    private static List<Path> files(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> all = Files.walk(dir)) {
            return all.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
        }
    }

    /**
     * A jar of this module's class path: its directories' files inside, its jars on the manifest's
     * Class-Path (CDS archives classes from jars only, not from directories).
     */
    private static Path classPathJar(Path target) throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.put(Attributes.Name.MAIN_CLASS, Main.class.getName());
        List<String> jars = new ArrayList<>();
        List<Path> directories = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path p = Path.of(entry).toAbsolutePath();
            if (Files.isDirectory(p)) {
                directories.add(p);
            } else if (Files.isRegularFile(p)) {
                // relative to the jar: CDS resolves Class-Path entries against the jar's directory
                jars.add(target.toAbsolutePath().getParent().relativize(p).toString().replace(File.separatorChar, '/'));
            }
        }
        main.put(Attributes.Name.CLASS_PATH, String.join(" ", jars));
        Set<String> written = new HashSet<>();
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(target), manifest)) {
            for (Path root : directories) {
                Files.walkFileTree(root, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                        String name = root.relativize(file).toString().replace(File.separatorChar, '/');
                        if (!name.equals("META-INF/MANIFEST.MF") && written.add(name)) {
                            out.putNextEntry(new JarEntry(name));
                            Files.copy(file, out);
                            out.closeEntry();
                        }
                        return FileVisitResult.CONTINUE;
                    }
                });
            }
        }
        return target;
    }

    private static final class Run {
        final int code;
        final String out;
        final String err;

        Run(int code, String out, String err) {
            this.code = code;
            this.out = out;
            this.err = err;
        }

        /** The command succeeded, printed only its JSON, and wrote the screen's colour to {@code png}. */
        void assertCaptured(Path png) throws IOException {
            assertEquals(0, code, toString());
            JsonNode json = JSON.readTree(out);
            assertTrue(json.path("done").asBoolean(), toString());
            assertEquals(png.toAbsolutePath().toString(), json.path("wrote").asText(), toString());
            Image image = Image.read(png);
            assertEquals(200, image.width());
            assertEquals(120, image.height());
            for (int p : image.pixels()) {
                if (p != SCREEN) {
                    throw new AssertionError("pixel " + Integer.toHexString(p) + " is not the screen's " + Integer.toHexString(SCREEN));
                }
            }
        }

        @Override
        public String toString() {
            return "exit " + code + "\nstdout: " + out + "\nstderr: " + err;
        }
    }
}
