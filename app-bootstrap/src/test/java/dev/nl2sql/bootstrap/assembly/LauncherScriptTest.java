package dev.nl2sql.bootstrap.assembly;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checkout's {@code ./nl2sql} launcher, run in a copy whose build and JDK are stand-ins: the build reads whatever
 * stdin it is given, and the "java" echoes its stdin back.
 */
class LauncherScriptTest {

    @TempDir
    Path checkout;

    @Test
    void aClientsFirstMessageReachesTheServerWhenTheLauncherBuildsFirst() throws Exception {
        Files.copy(Path.of("..", "nl2sql"), checkout.resolve("nl2sql"), StandardCopyOption.COPY_ATTRIBUTES);
        Files.createDirectories(checkout.resolve("bin"));
        Files.copy(Path.of("..", "bin", "find-jdk"), checkout.resolve("bin/find-jdk"), StandardCopyOption.COPY_ATTRIBUTES);
        Files.createDirectories(checkout.resolve("app-bootstrap/target"));
        // the sources are newer than any build: the launcher builds first; a build that reads stdin takes what it gets
        script(checkout.resolve("build"), "timeout 2 cat > /dev/null; exit 0");
        Path jdk = Files.createDirectories(checkout.resolve("jdk/bin"));
        Files.writeString(checkout.resolve("jdk/release"), "JAVA_VERSION=\"99\"\n");
        script(jdk.resolve("javac"), "exit 0");
        script(jdk.resolve("java"), "exec cat");

        ProcessBuilder launch = new ProcessBuilder(checkout.resolve("nl2sql").toString(), "serve", "--stdio");
        launch.environment().put("JAVA_HOME", checkout.resolve("jdk").toString());
        launch.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process launcher = launch.start();
        try (OutputStream stdin = launcher.getOutputStream()) {
            stdin.write("{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\"}\n".getBytes(StandardCharsets.UTF_8));
        }
        assertThat(launcher.waitFor(20, TimeUnit.SECONDS)).as("the launcher ended").isTrue();

        assertThat(new String(launcher.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                .isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\"}\n");
    }

    private static void script(Path path, String body) throws IOException {
        Files.writeString(path, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
