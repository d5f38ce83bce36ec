package dev.ssobundle.it.migration;

import dev.ssobundle.it.harness.AdminApi;
import dev.ssobundle.it.harness.LocalProcess;
import dev.ssobundle.it.harness.NodeProject;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Password hashes written by Node's {@code bcrypt} package (the library Encvoy ID uses), installed with
 * {@code npm ci} from src/test/node-bcrypt (lockfile committed) into the test work directory.
 */
final class NodeBcrypt {

    private static final Path SOURCES = Path.of("src/test/node-bcrypt");

    private NodeBcrypt() {
    }

    static String hash(String password, int cost) {
        return hashAll(List.of(password), cost).get(0);
    }

    /** One node process for the whole list. */
    static List<String> hashAll(List<String> passwords, int cost) {
        Path work = NodeProject.installed(SOURCES, List.of("package.json", "package-lock.json", "hash.js"), "bcrypt");
        List<Map<String, Object>> input = new ArrayList<>();
        passwords.forEach(p -> input.add(Map.of("password", p, "cost", cost)));
        String output;
        try {
            output = LocalProcess.runOrFail(new ProcessBuilder("node", "hash.js").directory(work.toFile()),
                    AdminApi.JSON.writeValueAsString(input), Duration.ofSeconds(300));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        List<String> hashes = output.lines().toList();
        if (hashes.size() != passwords.size()) {
            throw new IllegalStateException("node hash.js printed " + hashes.size() + " hashes for " + passwords.size() + " passwords:\n" + output);
        }
        return hashes;
    }
}
