package dev.healing.jmh;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The PostgreSQL server a benchmark runs against: {@code $HEALING_PG_URL} when set, else a
 * throwaway cluster (initdb + pg_ctl from /usr/lib/postgresql, as the postgres user when run as
 * root) on a free loopback port with the server's default durability (fsync and synchronous commit
 * on) or, on request, {@code synchronous_commit=off} for every session, stopped by {@link #close()}.
 */
final class PgBenchServer implements AutoCloseable {
    private static final String PASSWORD = "bench";

    private final String url;
    private final Path dir;
    private final Path bin;
    private final boolean root;

    private PgBenchServer(String url, Path dir, Path bin, boolean root) {
        this.url = url;
        this.dir = dir;
        this.bin = bin;
        this.root = root;
    }

    /** Server settings a benchmark can ask for. */
    enum Durability {
        /** The server's own settings (a throwaway cluster: fsync and synchronous_commit on). */
        DEFAULT,
        /** {@code synchronous_commit=off}: a commit returns before its WAL is flushed (still crash-safe, may lose the last commits). */
        ASYNC_COMMIT
    }

    static PgBenchServer start(Durability durability) throws IOException, InterruptedException {
        String given = System.getenv("HEALING_PG_URL");
        if (given != null && !given.isBlank()) {
            if (durability != Durability.DEFAULT) {
                throw new IllegalStateException("with $HEALING_PG_URL the server's own settings are measured;"
                        + " run with -p durability=DEFAULT");
            }
            return new PgBenchServer(given, null, null, false);
        }
        Path bin;
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            bin = versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")))
                    .max(Comparator.naturalOrder())
                    .orElseThrow(() -> new IOException("no PostgreSQL under /usr/lib/postgresql; set HEALING_PG_URL"));
        }
        boolean root = "root".equals(System.getProperty("user.name"));
        Path dir = Files.createTempDirectory("healing-jmh-pg-");
        Path pw = dir.resolve("pw");
        Files.writeString(pw, PASSWORD + "\n", StandardCharsets.UTF_8);
        if (root) {
            UserPrincipalLookupService users = dir.getFileSystem().getUserPrincipalLookupService();
            for (Path p : List.of(dir, pw)) {
                Files.getFileAttributeView(p, PosixFileAttributeView.class)
                        .setOwner(users.lookupPrincipalByName("postgres"));
            }
        }
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        PgBenchServer server = new PgBenchServer("postgresql://bench:" + PASSWORD + "@127.0.0.1:" + port + "/postgres",
                dir, bin, root);
        server.run("initdb", "-D", dir.resolve("data").toString(), "-U", "bench", "--auth-local=trust",
                "--auth-host=scram-sha-256", "--pwfile=" + pw, "-E", "UTF8", "--no-instructions");
        server.run("pg_ctl", "-D", dir.resolve("data").toString(), "-l", dir.resolve("log").toString(), "-w", "-o",
                "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1"
                        + (durability == Durability.ASYNC_COMMIT ? " -c synchronous_commit=off" : ""), "start");
        return server;
    }

    private void run(String tool, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        if (root) {
            cmd.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        cmd.add(bin.resolve(tool).toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve(tool + ".out").toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException(tool + " failed: " + Files.readString(dir.resolve(tool + ".out")));
        }
    }

    /** @return the server's URL, with its password */
    String url() {
        return url;
    }

    /** @return the JDBC URL for the reference loop */
    String jdbcUrl() {
        return "jdbc:" + url.replaceFirst("//[^@]*@", "//");
    }

    /** @return the user for the reference loop */
    String user() {
        return url.replaceFirst("^[a-z]+://", "").replaceFirst("[:@].*$", "");
    }

    /** @return the password for the reference loop */
    String password() {
        String info = url.replaceFirst("^[a-z]+://", "").replaceFirst("@.*$", "");
        return info.contains(":") ? info.substring(info.indexOf(':') + 1) : "";
    }

    @Override
    public void close() throws IOException, InterruptedException {
        if (dir == null) {
            return;
        }
        run("pg_ctl", "-D", dir.resolve("data").toString(), "-m", "fast", "-w", "stop");
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
