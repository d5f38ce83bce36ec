package dev.ssobundle.it.theme;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A minimal SMTP sink on a free loopback port, so that pages which send mail (email verification,
 * password reset, account linking by email) render their success state; keeps the messages.
 */
final class LoopbackSmtp implements AutoCloseable {

    final List<String> messages = new CopyOnWriteArrayList<>();
    private final ServerSocket socket;
    private final Thread acceptor;

    LoopbackSmtp() {
        try {
            socket = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        acceptor = new Thread(this::acceptLoop, "loopback-smtp");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return socket.getLocalPort();
    }

    private void acceptLoop() {
        while (!socket.isClosed()) {
            try (Socket client = socket.accept()) {
                converse(client);
            } catch (IOException closedOrBroken) {
                // next connection, or the sink was closed
            }
        }
    }

    private void converse(Socket client) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
        OutputStream out = client.getOutputStream();
        reply(out, "220 localhost loopback SMTP");
        String line;
        while ((line = in.readLine()) != null) {
            String command = line.toUpperCase(java.util.Locale.ROOT);
            if (command.startsWith("EHLO") || command.startsWith("HELO")) {
                reply(out, "250 localhost");
            } else if (command.startsWith("DATA")) {
                reply(out, "354 end with <CRLF>.<CRLF>");
                StringBuilder message = new StringBuilder();
                while ((line = in.readLine()) != null && !line.equals(".")) {
                    message.append(line).append('\n');
                }
                messages.add(message.toString());
                reply(out, "250 queued");
            } else if (command.startsWith("QUIT")) {
                reply(out, "221 bye");
                return;
            } else {
                reply(out, "250 ok");
            }
        }
    }

    private static void reply(OutputStream out, String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
