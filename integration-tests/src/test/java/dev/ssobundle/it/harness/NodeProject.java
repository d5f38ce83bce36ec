package dev.ssobundle.it.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

/**
 * A small Node.js program of the tests (src/test/&lt;name&gt;: package.json, its committed lockfile and
 * scripts), copied into the test work directory and installed there with {@code npm ci}.
 */
public final class NodeProject {

    private NodeProject() {
    }

    /**
     * The work directory holding {@code files} of {@code sources} and their {@code node_modules}; npm ci
     * runs only when {@code module} is not installed yet. No install scripts run (the packages used ship
     * what they need, e.g. bcrypt 6's prebuilt binaries that node-gyp-build finds at run time).
     */
    public static synchronized Path installed(Path sources, List<String> files, String module) {
        Path work = Path.of(System.getProperty("test.work.dir", "target/it-work")).resolve(sources.getFileName().toString());
        try {
            Files.createDirectories(work);
            for (String file : files) {
                Files.copy(sources.resolve(file), work.resolve(file), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!Files.exists(work.resolve("node_modules/" + module + "/package.json"))) {
            LocalProcess.Result npm = LocalProcess.run(new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund", "--ignore-scripts")
                    .directory(work.toFile()), "", Duration.ofSeconds(300));
            if (!npm.succeeded()) {
                throw new IllegalStateException("npm ci (" + module + ") failed:\n" + npm.output());
            }
        }
        return work;
    }
}
