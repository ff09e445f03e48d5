package dev.healing.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user's project that imports {@code healing-bom} and declares two modules without versions compiles
 * against the modules this build just made. Runs the wrapper's Maven offline: this build's jars and POMs go
 * to a fresh local repository, and everything else (plugins, sqlite-jdbc, slf4j) is read from the build's
 * own local repository, chained behind it ({@code maven.repo.local.tail}, Maven 3.9+).
 */
final class BomImportTest {
    private static final String GROUP = "dev/healing/";

    @TempDir
    Path dir;

    private static String property(String name) {
        String value = System.getProperty(name);
        assertTrue(value != null && !value.isBlank(), name + " is set by the examples' surefire configuration");
        return value;
    }

    /** Puts one module's POM (and jar) where a local repository keeps them, as {@code mvn install} would. */
    private static void install(Path repo, Path root, String module, String artifactId, String version,
                                boolean jar) throws IOException {
        Path target = Files.createDirectories(repo.resolve(GROUP + artifactId + "/" + version));
        Files.copy(root.resolve(module).resolve("pom.xml"), target.resolve(artifactId + "-" + version + ".pom"),
                StandardCopyOption.REPLACE_EXISTING);
        if (jar) {
            Path built = root.resolve(module).resolve("target").resolve(artifactId + "-" + version + ".jar");
            assertTrue(Files.isRegularFile(built), "built by this reactor before examples: " + built);
            Files.copy(built, target.resolve(artifactId + "-" + version + ".jar"), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void consumer_importsBomAndDeclaresModulesWithoutVersions_compiles() throws Exception {
        String version = property("healing.version");
        Path root = Path.of(property("healing.root")).toRealPath();
        Path repo = Files.createDirectories(dir.resolve("repo"));
        install(repo, root, "healing-bom", "healing-bom", version, false);
        install(repo, root, ".", "healing-parent", version, false);
        install(repo, root, "healing-api", "healing-api", version, true);
        install(repo, root, "healing-store-jdbc", "healing-store-jdbc", version, true);
        install(repo, root, "healing-store-sqlite", "healing-store-sqlite", version, true);

        Path app = Files.createDirectories(dir.resolve("app"));
        Files.writeString(app.resolve("pom.xml"), """
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>com.example</groupId>
                  <artifactId>runner</artifactId>
                  <version>1</version>
                  <properties>
                    <maven.compiler.release>17</maven.compiler.release>
                    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
                  </properties>
                  <dependencyManagement>
                    <dependencies>
                      <dependency>
                        <groupId>dev.healing</groupId>
                        <artifactId>healing-bom</artifactId>
                        <version>%s</version>
                        <type>pom</type>
                        <scope>import</scope>
                      </dependency>
                    </dependencies>
                  </dependencyManagement>
                  <dependencies>
                    <dependency><groupId>dev.healing</groupId><artifactId>healing-api</artifactId></dependency>
                    <dependency><groupId>dev.healing</groupId><artifactId>healing-store-sqlite</artifactId></dependency>
                  </dependencies>
                  <build>
                    <plugins>
                      <plugin><artifactId>maven-resources-plugin</artifactId><version>3.3.1</version></plugin>
                      <plugin><artifactId>maven-compiler-plugin</artifactId><version>3.13.0</version></plugin>
                    </plugins>
                  </build>
                </project>
                """.formatted(version));
        Path source = Files.createDirectories(app.resolve("src/main/java/com/example"));
        Files.writeString(source.resolve("Runner.java"), """
                package com.example;

                import dev.healing.api.Point;
                import dev.healing.store.sqlite.SqliteStore;
                import java.nio.file.Path;

                public final class Runner {
                    public static SqliteStore open(Path file) {
                        return SqliteStore.builder().path(file).build();
                    }

                    public static Point centre() {
                        return Point.of(960, 540);
                    }
                }
                """);

        Path log = dir.resolve("maven.log");
        ProcessBuilder pb = new ProcessBuilder(List.of(root.resolve("mvnw").toString(), "-B", "-ntp", "-o", "-q",
                "-f", app.resolve("pom.xml").toString(), "-Dmaven.repo.local=" + repo,
                "-Dmaven.repo.local.tail=" + property("healing.localRepository"), "compile"))
                .directory(app.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().remove("MAVEN_ARGS");
        Process maven = pb.start();
        boolean finished = maven.waitFor(150, TimeUnit.SECONDS);
        if (!finished) {
            maven.destroyForcibly();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertTrue(finished, "maven did not finish: " + output);
        assertEquals(0, maven.exitValue(), output);
        assertTrue(Files.isRegularFile(app.resolve("target/classes/com/example/Runner.class")), output);
    }
}
