package dev.ssobundle.it.migration;

import dev.ssobundle.it.harness.KeycloakServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs {@code scripts/migrate-encvoy.sh} as an admin would, against the run's Keycloak. */
final class MigrationCommand {

    static final Path SCRIPT = Path.of("..", "scripts", "migrate-encvoy.sh").toAbsolutePath().normalize();

    record Result(int exitCode, String output) {
    }

    private MigrationCommand() {
    }

    static List<String> arguments(String sourceUrl, String sourceUser, String sourcePassword, KeycloakServer server, String realm) {
        return new ArrayList<>(List.of("--source-url", sourceUrl, "--source-user", sourceUser, "--source-password", sourcePassword,
                "--keycloak-url", server.baseUri().toString(), "--realm", realm,
                "--admin-user", server.adminUsername(), "--admin-password", server.adminPassword()));
    }

    static Result run(List<String> arguments, String javaOptions, int timeoutMinutes) {
        List<String> command = new ArrayList<>();
        command.add(SCRIPT.toString());
        command.addAll(arguments);
        try {
            Path log = Files.createTempFile("migrate-encvoy", ".log");
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().put("JAVA_OPTS", javaOptions);
            Process process = builder.start();
            if (!process.waitFor(timeoutMinutes, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("migrate-encvoy.sh did not finish in " + timeoutMinutes + " min:\n" + Files.readString(log));
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            Files.deleteIfExists(log);
            return new Result(process.exitValue(), output);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
