package dev.ssobundle.it.brokers;

import dev.ssobundle.it.harness.AdminApi;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A Google-like OpenID provider on loopback: the npm {@code oidc-provider} package configured by
 * src/test/google-stand-in/google-stand-in.js (Google's {@code hd} claim in the ID token, discovery,
 * RS256, client_secret_post), run by Node.js ({@code npm ci} of the committed lockfile into the
 * test work directory). Started and stopped by the PID of the node process the test started.
 */
final class GoogleStandIn implements AutoCloseable {

    private static final Path SOURCES = Path.of("src/test/google-stand-in");

    /** One Google account: its login name on the stand-in's sign-in form, email and hosted domain (null: a consumer account). */
    record Account(String login, String email, String hostedDomain, String givenName, String familyName) {
    }

    private final Process process;
    final String issuer;
    private final StringBuilder output = new StringBuilder();

    private GoogleStandIn(Process process, String issuer) {
        this.process = process;
        this.issuer = issuer;
    }

    static GoogleStandIn start(String clientId, String clientSecret, String redirectUri, List<Account> accounts) {
        try {
            Path work = installed();
            int port = freePort();
            Process node = new ProcessBuilder("node", "google-stand-in.js").directory(work.toFile()).redirectErrorStream(true).start();
            List<Map<String, Object>> accountList = accounts.stream().map(a -> {
                Map<String, Object> account = new java.util.LinkedHashMap<>();
                account.put("login", a.login());
                account.put("email", a.email());
                account.put("hd", a.hostedDomain());
                account.put("givenName", a.givenName());
                account.put("familyName", a.familyName());
                return account;
            }).toList();
            node.getOutputStream().write(AdminApi.JSON.writeValueAsBytes(Map.of("port", port, "clientId", clientId,
                    "clientSecret", clientSecret, "redirectUri", redirectUri, "accounts", accountList)));
            node.getOutputStream().close();
            GoogleStandIn standIn = new GoogleStandIn(node, "http://127.0.0.1:" + port);
            standIn.awaitListening();
            return standIn;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    String discoveryUrl() {
        return issuer + "/.well-known/openid-configuration";
    }

    private void awaitListening() {
        BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<Boolean> listening = CompletableFuture.supplyAsync(() -> {
            try {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    synchronized (output) {
                        output.append(line).append('\n');
                    }
                    if (line.startsWith("listening ")) {
                        // keep draining the output so node never blocks on a full pipe
                        Thread drain = new Thread(() -> reader.lines().forEach(l -> {
                            synchronized (output) {
                                output.append(l).append('\n');
                            }
                        }), "google-stand-in-output");
                        drain.setDaemon(true);
                        drain.start();
                        return true;
                    }
                }
                return false;
            } catch (IOException e) {
                return false;
            }
        });
        try {
            if (!listening.get(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the Google stand-in exited:\n" + output());
            }
        } catch (Exception e) {
            close();
            throw new IllegalStateException("the Google stand-in did not start:\n" + output(), e);
        }
    }

    String output() {
        synchronized (output) {
            return output.toString();
        }
    }

    /** Stops the node process this test started (SIGTERM to its PID, SIGKILL after 20 s). */
    @Override
    public void close() {
        ProcessHandle handle = process.toHandle();
        handle.destroy();
        try {
            handle.onExit().get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            handle.destroyForcibly();
        }
    }

    private static synchronized Path installed() throws IOException, InterruptedException {
        Path work = Path.of(System.getProperty("test.work.dir", "target/it-work")).resolve("google-stand-in");
        Files.createDirectories(work);
        for (String file : List.of("package.json", "package-lock.json", "google-stand-in.js")) {
            Files.copy(SOURCES.resolve(file), work.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        if (!Files.exists(work.resolve("node_modules/oidc-provider/package.json"))) {
            Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund", "--ignore-scripts").directory(work.toFile())
                    .redirectErrorStream(true).start();
            String output = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!npm.waitFor(300, TimeUnit.SECONDS) || npm.exitValue() != 0) {
                throw new IllegalStateException("npm ci (oidc-provider) failed:\n" + output);
            }
        }
        return work;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
