package dev.ssobundle.migration;

import java.io.PrintStream;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Map;

/** Entry point of {@code scripts/migrate-encvoy.sh}. */
public final class MigrateEncvoy {

    static final int OK = 0;
    static final int SOME_ROWS_FAILED = 1;
    static final int USAGE = 2;
    static final int CANNOT_RUN = 3;

    private MigrateEncvoy() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.console() != null));
    }

    static int run(String[] args, PrintStream out, boolean terminal) {
        if (args.length == 0 || Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
            out.println(MigrationOptions.USAGE);
            return args.length == 0 ? USAGE : OK;
        }
        MigrationOptions options;
        try {
            options = MigrationOptions.parse(Arrays.asList(args));
        } catch (IllegalArgumentException e) {
            System.err.println("migrate-encvoy: " + e.getMessage());
            System.err.println(MigrationOptions.USAGE);
            return USAGE;
        }
        try (MigrationReport report = new MigrationReport(options.report(), options)) {
            Map<String, Object> figures;
            try {
                figures = new Migration(options, report, out, terminal).run();
            } catch (SQLException e) {
                System.err.println("migrate-encvoy: cannot read the Encvoy database " + options.sourceUrl() + ": " + e.getMessage());
                report.failed("-", "-", "source.unreadable", e.getMessage());
                report.finish(Map.of());
                return CANNOT_RUN;
            } catch (IllegalArgumentException | IllegalStateException | KeycloakAdmin.AdminCallFailed e) {
                System.err.println("migrate-encvoy: " + e.getMessage());
                report.failed("-", "-", "run.stopped", e.getMessage());
                report.finish(Map.of());
                return CANNOT_RUN;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return CANNOT_RUN;
            }
            report.finish(figures);
            out.println((options.dryRun() ? "Dry run (nothing written). " : "") + "Counts: " + report.counts());
            if (!report.reasons().isEmpty()) {
                out.println("Reported/failed by reason: " + report.reasons());
            }
            out.println("Figures: " + figures);
            out.printf("%d rows reported with a reason, %d failed%s%n", report.reportedCount(), report.failedCount(),
                    options.report() == null ? " (--report FILE lists them)" : " (listed in " + options.report() + ")");
            return report.failedCount() == 0 ? OK : SOME_ROWS_FAILED;
        }
    }
}
