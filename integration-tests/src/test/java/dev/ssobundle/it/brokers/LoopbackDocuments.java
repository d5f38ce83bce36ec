package dev.ssobundle.it.brokers;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Serves documents (metadata a customer would host) from the test JVM on a loopback port; stop() frees it. */
final class LoopbackDocuments implements AutoCloseable {

    private final HttpServer server;
    private final Map<String, String> documents = new ConcurrentHashMap<>();
    private final Map<String, Integer> statuses = new ConcurrentHashMap<>();

    LoopbackDocuments() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            String body = documents.get(exchange.getRequestURI().getPath());
            byte[] bytes = body == null ? "not found".getBytes(StandardCharsets.UTF_8) : body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", body == null ? "text/plain" : "application/xml");
            exchange.sendResponseHeaders(body == null ? 404 : statuses.getOrDefault(exchange.getRequestURI().getPath(), 200), bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
    }

    URI put(String path, String body) {
        documents.put(path, body);
        return uri(path);
    }

    /** Serves {@code body} with another status than 200 (an upstream error page). */
    URI putWithStatus(String path, int status, String body) {
        statuses.put(path, status);
        return put(path, body);
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    /** GET of any URL (a discovery document to copy), without credentials. */
    static String fetch(String url) {
        try {
            return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(URI.create(url)).GET().build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
