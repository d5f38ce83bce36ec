package dev.ssobundle.it.migration;

import dev.ssobundle.it.harness.AdminApi;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

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
        try {
            Path work = installed();
            List<Map<String, Object>> input = new ArrayList<>();
            passwords.forEach(p -> input.add(Map.of("password", p, "cost", cost)));
            Process node = new ProcessBuilder("node", "hash.js").directory(work.toFile())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            node.getOutputStream().write(AdminApi.JSON.writeValueAsBytes(input));
            node.getOutputStream().close();
            String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!node.waitFor(300, TimeUnit.SECONDS) || node.exitValue() != 0) {
                throw new IllegalStateException("node hash.js failed: " + output);
            }
            List<String> hashes = output.lines().toList();
            if (hashes.size() != passwords.size()) {
                throw new IllegalStateException("node hash.js printed " + hashes.size() + " hashes for " + passwords.size() + " passwords");
            }
            return hashes;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static synchronized Path installed() throws IOException, InterruptedException {
        Path work = Path.of(System.getProperty("test.work.dir", "target/it-work")).resolve("node-bcrypt");
        Files.createDirectories(work);
        for (String file : List.of("package.json", "package-lock.json", "hash.js")) {
            Files.copy(SOURCES.resolve(file), work.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        if (!Files.exists(work.resolve("node_modules/bcrypt/package.json"))) {
            // bcrypt 6 ships prebuilt binaries that node-gyp-build finds at run time: no install scripts needed.
            Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund", "--ignore-scripts").directory(work.toFile())
                    .redirectErrorStream(true).start();
            String output = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!npm.waitFor(300, TimeUnit.SECONDS) || npm.exitValue() != 0) {
                throw new IllegalStateException("npm ci (bcrypt) failed:\n" + output);
            }
        }
        return work;
    }
}
