package dev.ssobundle.migration;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the migration did, row by row where a row was not simply migrated: written to the
 * {@code --report} file as it goes (so memory stays flat however many rows are reported), with
 * counts at the end. Outcomes: {@code reported} (cannot be mapped, reason given; exit 0) and
 * {@code failed} (should have moved and did not; exit 1).
 */
final class MigrationReport implements AutoCloseable {

    private final JsonGenerator json;
    private final Map<String, Long> counts = new TreeMap<>();
    private final Map<String, Long> reasons = new TreeMap<>();
    private long reported;
    private long failed;
    /** Realm-level advice (a handful per run, never per row). */
    private final Map<String, String> warnings = new TreeMap<>();

    MigrationReport(Path file, MigrationOptions options) {
        try {
            json = file == null ? null : new JsonFactory().createGenerator(file.toFile(), JsonEncoding.UTF8);
            if (json != null) {
                json.useDefaultPrettyPrinter();
                json.writeStartObject();
                json.writeStringField("tool", "migrate-encvoy");
                json.writeStringField("startedAt", Instant.now().toString());
                json.writeStringField("realm", options.realm());
                json.writeStringField("keycloakUrl", options.keycloakUrl().toString());
                json.writeBooleanField("dryRun", options.dryRun());
                json.writeArrayFieldStart("items");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report " + file, e);
        }
    }

    synchronized void count(String what) {
        count(what, 1);
    }

    synchronized void count(String what, long n) {
        counts.merge(what, n, Long::sum);
    }

    /** A source row (or part of one) that has no Keycloak counterpart; {@code code} groups similar reasons. */
    synchronized void reported(String table, String key, String code, String reason) {
        reported++;
        reasons.merge(code, 1L, Long::sum);
        item("reported", table, key, code, reason);
    }

    /** A source row that should have been migrated and was not. */
    synchronized void failed(String table, String key, String code, String reason) {
        failed++;
        reasons.merge(code, 1L, Long::sum);
        item("failed", table, key, code, reason);
    }

    private void item(String outcome, String table, String key, String code, String reason) {
        if (json == null) {
            return;
        }
        try {
            json.writeStartObject();
            json.writeStringField("outcome", outcome);
            json.writeStringField("table", table);
            json.writeStringField("key", key);
            json.writeStringField("code", code);
            json.writeStringField("reason", reason);
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Something the admin must do in the realm for migrated data to be usable (not a row outcome). */
    synchronized void warn(String code, String text) {
        warnings.put(code, text);
    }

    synchronized Map<String, String> warnings() {
        return new TreeMap<>(warnings);
    }

    synchronized long failedCount() {
        return failed;
    }

    synchronized long reportedCount() {
        return reported;
    }

    synchronized Map<String, Long> counts() {
        return new TreeMap<>(counts);
    }

    synchronized Map<String, Long> reasons() {
        return new TreeMap<>(reasons);
    }

    /** Closes the items, writes counts and figures. */
    synchronized void finish(Map<String, Object> figures) {
        if (json == null) {
            return;
        }
        try {
            json.writeEndArray();
            json.writeStringField("finishedAt", Instant.now().toString());
            json.writeObjectFieldStart("counts");
            for (Map.Entry<String, Long> count : counts.entrySet()) {
                json.writeNumberField(count.getKey(), count.getValue());
            }
            json.writeEndObject();
            json.writeObjectFieldStart("reasons");
            for (Map.Entry<String, Long> reason : reasons.entrySet()) {
                json.writeNumberField(reason.getKey(), reason.getValue());
            }
            json.writeEndObject();
            json.writeObjectFieldStart("warnings");
            for (Map.Entry<String, String> warning : warnings.entrySet()) {
                json.writeStringField(warning.getKey(), warning.getValue());
            }
            json.writeEndObject();
            json.writeNumberField("reported", reported);
            json.writeNumberField("failed", failed);
            json.writeObjectFieldStart("figures");
            for (Map.Entry<String, Object> figure : figures.entrySet()) {
                json.writeObjectField(figure.getKey(), figure.getValue());
            }
            json.writeEndObject();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void close() {
        if (json != null) {
            try {
                json.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
