package dev.ssobundle.migration;

import java.io.PrintStream;
import java.time.Duration;

/**
 * A one-line progress bar with rate and ETA on a terminal ({@code \r}-redrawn at most 4 times a
 * second); elsewhere (CI logs, redirected output) a plain line every tenth of the way.
 */
final class ProgressBar {

    private final PrintStream out;
    private final boolean terminal;
    private final String what;
    private final long total;
    private final long startNanos = System.nanoTime();
    private long lastDrawNanos;
    private long lastTenth = -1;

    ProgressBar(PrintStream out, boolean terminal, String what, long total) {
        this.out = out;
        this.terminal = terminal;
        this.what = what;
        this.total = Math.max(total, 0);
    }

    void update(long done) {
        long now = System.nanoTime();
        if (terminal) {
            if (now - lastDrawNanos > 250_000_000L || done >= total) {
                lastDrawNanos = now;
                out.print("\r" + line(done, now));
                out.flush();
            }
        } else {
            long tenth = total == 0 ? 10 : done * 10 / total;
            if (tenth != lastTenth) {
                lastTenth = tenth;
                out.println(line(done, now));
            }
        }
    }

    void finish(long done) {
        if (terminal) {
            out.print("\r" + line(done, System.nanoTime()) + "\n");
            out.flush();
        }
    }

    String line(long done, long nowNanos) {
        double seconds = Math.max((nowNanos - startNanos) / 1e9, 1e-3);
        double rate = done / seconds;
        int width = 30;
        int filled = total == 0 ? width : (int) Math.min(width, done * width / total);
        String eta = rate > 0 && total > done ? format(Duration.ofSeconds((long) ((total - done) / rate))) : "--";
        return String.format("[%s%s] %3d%% %d/%d %s  %.0f/s  ETA %s   ", "#".repeat(filled), ".".repeat(width - filled),
                total == 0 ? 100 : done * 100 / total, done, total, what, rate, eta);
    }

    static String format(Duration duration) {
        long s = duration.getSeconds();
        return s >= 3600 ? String.format("%dh%02dm", s / 3600, s % 3600 / 60) : String.format("%dm%02ds", s / 60, s % 60);
    }
}
