package dev.ssobundle.it.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * What a benchmark found, in one shape for all of them: the figures (a table), one PASS/FAIL line
 * per target held in the benchmark's code, and the conditions of the run (Keycloak line, cores,
 * load average before and after). {@link #publish} logs it, keeps a text copy and, when the
 * command asked for one with {@code -Dbench.results=<file>}, writes the Markdown results page the
 * docs link to; {@link #assertTargetsMet} then fails the run on any miss, so the command exits
 * non-zero. Benchmarks are commands, never part of {@code .ci/run}: timings are not tests.
 */
public final class BenchmarkReport {

    private static final Logger LOG = Logger.getLogger(BenchmarkReport.class);

    private final String title;
    private final String command;
    private final Class<?> benchmark;
    private final String loadBefore = loadAverage();
    private final List<String> notes = new ArrayList<>();
    private final List<String> table = new ArrayList<>();
    private final List<String> verdicts = new ArrayList<>();
    private int misses;

    public BenchmarkReport(String title, String command, Class<?> benchmark) {
        this.title = title;
        this.command = command;
        this.benchmark = benchmark;
    }

    /** A sentence on how the figures were taken (threads, rounds, sizes). */
    public BenchmarkReport note(String line) {
        notes.add(line);
        return this;
    }

    public BenchmarkReport columns(String... headers) {
        table.clear();
        table.add(cells((Object[]) headers));
        table.add(cells(java.util.Arrays.stream(headers).map(h -> "---").toArray()));
        return this;
    }

    public BenchmarkReport row(Object... values) {
        if (table.isEmpty()) {
            throw new IllegalStateException("columns(...) first");
        }
        table.add(cells(values));
        return this;
    }

    /** One target: a PASS or FAIL line naming what was measured and the target; returns whether it was met. */
    public boolean target(boolean met, String format, Object... args) {
        verdicts.add((met ? "PASS " : "FAIL ") + String.format(format, args));
        if (!met) {
            misses++;
        }
        return met;
    }

    public boolean allTargetsMet() {
        return misses == 0 && !verdicts.isEmpty();
    }

    public String markdown() {
        StringBuilder md = new StringBuilder("# ").append(title).append("\n\n")
                .append("Written by `").append(command).append("` (do not edit by hand): ")
                .append(Instant.now().truncatedTo(ChronoUnit.SECONDS)).append(", Keycloak ").append(ServerVersion.underTest())
                .append(", ").append(Runtime.getRuntime().availableProcessors()).append(" cores, load average (1/5/15 min) before ")
                .append(loadBefore).append(", after ").append(loadAverage()).append(".\n\n");
        notes.forEach(n -> md.append(n).append('\n'));
        if (!notes.isEmpty()) {
            md.append('\n');
        }
        table.forEach(r -> md.append(r).append('\n'));
        md.append("\nTargets (held in `").append(benchmark.getSimpleName()).append(".java`):\n\n");
        verdicts.forEach(v -> md.append("- ").append(v).append('\n'));
        md.append("\nResult: ").append(allTargetsMet() ? "**PASS** (exit 0)" : "**FAIL** (exit 1)").append('\n');
        return md.toString();
    }

    /**
     * Logs the report, writes it to {@code textCopy} (kept under target/ for the command to show)
     * and to the results page named by {@code -Dbench.results}, if any.
     */
    public void publish(Path textCopy) {
        String md = markdown();
        LOG.info("\n" + md);
        try {
            Files.createDirectories(textCopy.toAbsolutePath().getParent());
            Files.writeString(textCopy, md);
            String results = System.getProperty("bench.results", "");
            if (!results.isBlank()) {
                Path page = Path.of(results);
                Files.createDirectories(page.toAbsolutePath().getParent());
                Files.writeString(page, md);
                LOG.infof("results written to %s", page);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Fails the benchmark (so its command exits non-zero) when a target was missed or none was checked. */
    public void assertTargetsMet() {
        if (!allTargetsMet()) {
            throw new AssertionError(title + ": " + (verdicts.isEmpty() ? "no target was checked" : misses + " target(s) missed")
                    + "\n" + String.join("\n", verdicts));
        }
    }

    private static String cells(Object... values) {
        StringBuilder row = new StringBuilder("|");
        for (Object value : values) {
            row.append(' ').append(value).append(" |");
        }
        return row.toString();
    }

    /** The machine is shared: the figures say how busy it was. */
    public static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
