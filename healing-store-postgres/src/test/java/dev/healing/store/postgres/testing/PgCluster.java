package dev.healing.store.postgres.testing;

import dev.healing.store.postgres.PostgresStore;

import java.io.File;
import dev.healing.testing.Prerequisites;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL cluster for tests: {@code initdb} in a temporary folder (as the
 * unprivileged {@code postgres} user when running as root, via {@code runuser}), a server on a
 * free loopback port with password login, stopped and deleted when the JVM exits. One cluster is
 * shared per test JVM ({@link #shared()}). Without PostgreSQL installed the tests are aborted,
 * except with {@code CI=true}, where they fail (see {@code .ci/run}).
 */
public final class PgCluster {
    /** The superuser the cluster is made with. */
    public static final String USER = "healing";
    /** Its password: random per JVM, so a test can look for it in messages. */
    public static final String PASSWORD = "pw-" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);

    private static PgCluster shared;
    private static final AtomicInteger NAMESPACES = new AtomicInteger();

    private final Path bin;
    private final Path dir;
    private final Path data;
    private final int port;
    private final boolean asPostgresUser;

    private PgCluster(Path bin, Path dir, int port, boolean asPostgresUser) {
        this.bin = bin;
        this.dir = dir;
        this.data = dir.resolve("data");
        this.port = port;
        this.asPostgresUser = asPostgresUser;
    }

    /** @return the JVM's cluster, started on first use */
    public static synchronized PgCluster shared() {
        if (shared == null) {
            Path bin = findBin();
            if (bin == null) {
                Prerequisites.require(false,
                        "PostgreSQL (initdb, pg_ctl) is not installed: apt-get install postgresql (see .ci/run)");
            }
            try {
                shared = start(bin);
            } catch (IOException | InterruptedException e) {
                throw new AssertionError("could not start a PostgreSQL cluster: " + e, e);
            }
            PgCluster c = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(c::destroy, "pg-cluster-stop"));
        }
        return shared;
    }

    private static Path findBin() {
        List<Path> candidates = new ArrayList<>();
        Path lib = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(lib)) {
            try (Stream<Path> versions = Files.list(lib)) {
                versions.map(v -> v.resolve("bin")).sorted(Comparator.reverseOrder()).forEach(candidates::add);
            } catch (IOException e) {
                // fall through to PATH
            }
        }
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            candidates.add(Path.of(d));
        }
        return candidates.stream().filter(b -> Files.isExecutable(b.resolve("initdb"))
                && Files.isExecutable(b.resolve("pg_ctl"))).findFirst().orElse(null);
    }

    private static PgCluster start(Path bin) throws IOException, InterruptedException {
        boolean root = "root".equals(System.getProperty("user.name"));
        Path dir = Files.createTempDirectory("healing-pg-");
        if (root) {
            UserPrincipalLookupService users = dir.getFileSystem().getUserPrincipalLookupService();
            UserPrincipal pg = users.lookupPrincipalByName("postgres");
            GroupPrincipal group = users.lookupPrincipalByGroupName("postgres");
            PosixFileAttributeView view = Files.getFileAttributeView(dir, PosixFileAttributeView.class);
            view.setOwner(pg);
            view.setGroup(group);
        }
        PgCluster c = new PgCluster(bin, dir, freePort(), root);
        Path pw = dir.resolve("pw");
        Files.writeString(pw, PASSWORD + "\n", StandardCharsets.UTF_8);
        c.chown(pw);
        c.run(60, "initdb", "-D", c.data.toString(), "-U", USER, "--auth-local=trust", "--auth-host=scram-sha-256",
                "--pwfile=" + pw, "-E", "UTF8", "--no-sync", "--no-instructions");
        c.startServer();
        return c;
    }

    private void chown(Path p) throws IOException {
        if (asPostgresUser) {
            UserPrincipalLookupService users = p.getFileSystem().getUserPrincipalLookupService();
            Files.getFileAttributeView(p, PosixFileAttributeView.class).setOwner(users.lookupPrincipalByName("postgres"));
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private void run(int timeoutSeconds, String tool, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        if (asPostgresUser) {
            cmd.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        cmd.add(bin.resolve(tool).toString());
        cmd.addAll(Arrays.asList(args));
        Path log = dir.resolve(tool + ".out");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(tool + " did not finish within " + timeoutSeconds + " s");
        }
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed (" + p.exitValue() + "): "
                    + Files.readString(log, StandardCharsets.UTF_8));
        }
    }

    private void startServer() throws IOException, InterruptedException {
        run(60, "pg_ctl", "-D", data.toString(), "-l", dir.resolve("server.log").toString(), "-w", "-t", "50",
                "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c max_connections=300"
                        + " -c fsync=off -c synchronous_commit=on -c full_page_writes=off",
                "start");
    }

    /** Stops the server at once (connections dropped, like a crash of the server process) and starts it again. */
    public void restart() throws IOException, InterruptedException {
        run(60, "pg_ctl", "-D", data.toString(), "-m", "immediate", "-w", "stop");
        startServer();
    }

    /** @return the loopback port */
    public int port() {
        return port;
    }

    /** @return a URL with user and password for the {@code postgres} database */
    public String url() {
        return "postgresql://" + USER + ":" + PASSWORD + "@127.0.0.1:" + port + "/postgres";
    }

    /** @return a URL without the password (give it with the builder or $PGPASSWORD) */
    public String urlWithoutPassword() {
        return "postgresql://" + USER + "@127.0.0.1:" + port + "/postgres";
    }

    /** @return a namespace no other test in this JVM uses */
    public static String freshNamespace(String prefix) {
        return prefix + "_" + ProcessHandle.current().pid() + "_" + NAMESPACES.incrementAndGet();
    }

    /** @return a store builder on this cluster in a fresh namespace */
    public PostgresStore.Builder builder(String namespace) {
        return PostgresStore.builder().url(url()).namespace(namespace);
    }

    /** @return an administrator's connection, for tests that look under the store */
    public Connection admin() throws SQLException {
        return admin("postgres");
    }

    /** @return an administrator's connection to {@code database} */
    public Connection admin(String database) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", USER);
        p.setProperty("password", PASSWORD);
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + database, p);
    }

    /**
     * Creates an empty database no other test uses (for tests of a whole database's layout, such
     * as migrations).
     *
     * @return its name
     */
    public String freshDatabase(String prefix) throws SQLException {
        String name = freshNamespace(prefix);
        try (Connection c = admin(); java.sql.Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        return name;
    }

    /** @return a store builder on {@code database} of this cluster, in {@code namespace} */
    public PostgresStore.Builder builder(String database, String namespace) {
        return PostgresStore.builder().url("postgresql://" + USER + ":" + PASSWORD + "@127.0.0.1:" + port + "/"
                + database).namespace(namespace);
    }

    private void destroy() {
        try {
            run(30, "pg_ctl", "-D", data.toString(), "-m", "immediate", "-w", "stop");
        } catch (IOException | InterruptedException e) {
            // the JVM is exiting; the temporary folder is removed below either way
        }
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort
        }
    }
}
