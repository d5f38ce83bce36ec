package dev.ssobundle.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MigrationOptionsTest {

    private static final List<String> REQUIRED = List.of("--source-url", "jdbc:postgresql://127.0.0.1:5432/encvoy",
            "--source-user", "encvoy", "--source-password", "secret", "--keycloak-url", "http://127.0.0.1:8080/",
            "--realm", "demo", "--admin-user", "admin", "--admin-password", "admin");

    @Test
    void readsTheIssueInterface() {
        List<String> args = new ArrayList<>(REQUIRED);
        args.addAll(List.of("--mtls-alias", "mtls", "--dry-run", "--report", "report.json", "--idp-alias", "google=google-idp"));
        MigrationOptions options = MigrationOptions.parse(args);
        assertThat(options.keycloakUrl()).hasToString("http://127.0.0.1:8080");
        assertThat(options.realm()).isEqualTo("demo");
        assertThat(options.dryRun()).isTrue();
        assertThat(options.report()).hasToString("report.json");
        assertThat(options.aliasFor("MTLS")).isEqualTo("mtls");
        assertThat(options.aliasFor("GOOGLE")).isEqualTo("google-idp");
        assertThat(options.aliasFor("CUSTOM")).isNull();
        assertThat(options.deletedUsers()).isEqualTo(MigrationOptions.DeletedUsers.SKIP);
        assertThat(options.batchSize()).isEqualTo(25);
        assertThat(options.threads()).isEqualTo(2);
    }

    @Test
    void namesTheFlagThatIsWrong() {
        assertThatThrownBy(() -> MigrationOptions.parse(REQUIRED.subList(0, 12))).hasMessage("--admin-password is required");
        List<String> args = new ArrayList<>(REQUIRED);
        args.add("--colour");
        assertThatThrownBy(() -> MigrationOptions.parse(args)).hasMessage("unknown argument --colour");
        List<String> badUrl = new ArrayList<>(REQUIRED);
        badUrl.set(1, "postgres://x/y");
        assertThatThrownBy(() -> MigrationOptions.parse(badUrl)).hasMessageContaining("jdbc:postgresql://");
        List<String> badAlias = new ArrayList<>(REQUIRED);
        badAlias.addAll(List.of("--idp-alias", "google"));
        assertThatThrownBy(() -> MigrationOptions.parse(badAlias)).hasMessageContaining("TYPE=alias");
        List<String> badBatch = new ArrayList<>(REQUIRED);
        badBatch.addAll(List.of("--batch-size", "0"));
        assertThatThrownBy(() -> MigrationOptions.parse(badBatch)).hasMessageContaining("--batch-size");
        List<String> badThreads = new ArrayList<>(REQUIRED);
        badThreads.addAll(List.of("--threads", "many"));
        assertThatThrownBy(() -> MigrationOptions.parse(badThreads)).hasMessage("--threads must be a number from 1 to 16");
        List<String> missingValue = new ArrayList<>(REQUIRED);
        missingValue.add("--report");
        assertThatThrownBy(() -> MigrationOptions.parse(missingValue)).hasMessage("--report needs a value");
    }
}
