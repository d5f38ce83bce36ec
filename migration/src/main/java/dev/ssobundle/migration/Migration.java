package dev.ssobundle.migration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One migration run: prerequisites (realm, identity providers, legacy subject setting, user-profile
 * attributes), then clients and their roles, then users in pages. Users go in through Keycloak's
 * partial import (one transaction per page, existing users skipped), so an interrupted run leaves
 * whole pages and a new run resumes; users that already exist are compared through the digest
 * attribute and updated only when their Encvoy row changed.
 */
final class Migration {

    static final String LEGACY_SUBJECT_SETTING = "ssoBundle.oidcApi.legacySubjectAttribute";
    static final String DEFAULT_LEGACY_SUBJECT_ATTRIBUTE = "encvoy_sub";

    private final MigrationOptions options;
    private final MigrationReport report;
    private final PrintStream out;
    private final boolean terminal;
    private final KeycloakAdmin admin;
    /** clientId → (uuid, role name → role representation), filled by the client phase. */
    private final Map<String, ClientRoles> clients = new HashMap<>();
    private final AtomicLong usersDone = new AtomicLong();
    /** Name of the user attribute holding the Encvoy subject (the realm's legacy-subject setting). */
    private String legacyAttribute;
    private long peakHeapAfterGc;
    private long peakHeapAfterGcAtTenth = -1;
    private long peakHeapUsed;

    record ClientRoles(String uuid, Map<String, JsonNode> roles) {
    }

    Migration(MigrationOptions options, MigrationReport report, PrintStream out, boolean terminal) {
        this.options = options;
        this.report = report;
        this.out = out;
        this.terminal = terminal;
        this.admin = new KeycloakAdmin(options.keycloakUrl(), options.realm(), options.adminUser(), options.adminPassword());
    }

    /** @return figures of the run (time, users/s, heap) */
    Map<String, Object> run() throws SQLException, InterruptedException {
        long start = System.nanoTime();
        try (EncvoySource source = new EncvoySource(options.sourceUrl(), options.sourceUser(), options.sourcePassword())) {
            long totalUsers = source.count("User");
            JsonNode realm = admin.getRealm();
            checkIdentityProviders();
            legacyAttribute = legacySubjectAttribute(realm);
            declareUserProfileAttributes(legacyAttribute, source.usedProfileColumns(), source.customFieldNames());

            Set<String> migratedClients = migrateClients(source, new ClientMapper(realm.path("ssoSessionIdleTimeout").asInt(0),
                    realm.path("ssoSessionMaxLifespan").asInt(0)));
            reportUnmigratedTables(source);

            boolean recoveryCodes = recoveryCodesSupported();
            UserMapper mapper = new UserMapper(legacyAttribute, options, migratedClients, recoveryCodes);
            ProgressBar progress = new ProgressBar(out, terminal, "users", totalUsers);
            ExecutorService pool = Executors.newFixedThreadPool(options.threads());
            Semaphore inFlight = new Semaphore(options.threads() + 1);
            List<Future<?>> pending = new ArrayList<>();
            try {
                source.forEachUserPage(options.batchSize(), page -> {
                    List<UserMapper.Mapped> mapped = page.stream().map(mapper::map).toList();
                    inFlight.acquireUninterruptibly();
                    // A page that could not be written at all (Keycloak gone) stops the run here, not at the end.
                    for (Future<?> done : pending.stream().filter(Future::isDone).toList()) {
                        try {
                            done.get();
                        } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
                            Throwable cause = e.getCause() == null ? e : e.getCause();
                            throw cause instanceof RuntimeException runtime ? runtime : new IllegalStateException(cause);
                        }
                    }
                    pending.removeIf(Future::isDone);
                    pending.add(pool.submit(() -> {
                        try {
                            writePage(mapped);
                            long done = usersDone.addAndGet(mapped.size());
                            sampleHeap(done, totalUsers);
                            synchronized (progress) {
                                progress.update(done);
                            }
                        } finally {
                            inFlight.release();
                        }
                        return null;
                    }));
                });
                for (Future<?> future : pending) {
                    future.get();
                }
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
            } finally {
                pool.shutdown();
                pool.awaitTermination(10, TimeUnit.MINUTES);
            }
            progress.finish(usersDone.get());
            if (recoveryCodes) {
                adviseOnRecoveryCodeStep(realm);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("users", usersDone.get());
            figures.put("seconds", Math.round(seconds * 10) / 10.0);
            figures.put("usersPerSecond", Math.round(usersDone.get() / Math.max(seconds, 1e-3)));
            figures.put("peakHeapUsedBytes", peakHeapUsed);
            figures.put("peakHeapAfterGcBytes", peakHeapAfterGc);
            figures.put("peakHeapAfterGcAtTenthBytes", Math.max(peakHeapAfterGcAtTenth, 0));
            figures.put("maxHeapBytes", Runtime.getRuntime().maxMemory());
            return figures;
        }
    }

    // ---- prerequisites -------------------------------------------------------------------------

    private void checkIdentityProviders() {
        Set<String> aliases = new HashSet<>(options.idpAliases().values());
        if (options.mtlsAlias() != null) {
            aliases.add(options.mtlsAlias());
        }
        for (String alias : aliases) {
            if (admin.get("identity-provider/instances/" + KeycloakAdmin.enc(alias)) == null) {
                throw new IllegalArgumentException("identity provider '" + alias + "' does not exist in realm " + options.realm()
                        + " (create it first, or drop the flag that names it)");
            }
        }
    }

    /** The recovery-codes feature (default on 26.x) can be disabled server-wide; its codes are then reported, not written. */
    private boolean recoveryCodesSupported() {
        JsonNode info = admin.getServerInfo();
        for (JsonNode feature : info.path("features")) {
            if ("RECOVERY_CODES".equals(feature.path("name").asText())) {
                return feature.path("enabled").asBoolean(false);
            }
        }
        for (JsonNode disabled : info.path("profileInfo").path("disabledFeatures")) {
            if ("RECOVERY_CODES".equals(disabled.asText())) {
                return false;
            }
        }
        return !info.path("features").isArray();
    }

    /**
     * Keycloak's default browser flow carries the Recovery Authentication Code Form but disabled: until
     * the admin sets it to Alternative, migrated codes exist and no login step asks for them.
     */
    private void adviseOnRecoveryCodeStep(JsonNode realm) {
        long migrated = report.counts().getOrDefault("recoveryCodes.created", 0L) + report.counts().getOrDefault("recoveryCodes.updated", 0L)
                + report.counts().getOrDefault("recoveryCodes.wouldMigrate", 0L);
        if (migrated == 0) {
            return;
        }
        String flow = realm.path("browserFlow").asText("browser");
        JsonNode executions = admin.get("authentication/flows/" + KeycloakAdmin.enc(flow) + "/executions");
        if (executions != null) {
            for (JsonNode execution : executions) {
                String requirement = execution.path("requirement").asText();
                if ("auth-recovery-authn-code-form".equals(execution.path("providerId").asText())
                        && ("ALTERNATIVE".equals(requirement) || "REQUIRED".equals(requirement))) {
                    return;
                }
            }
        }
        String text = migrated + " users have their Encvoy backup codes as Keycloak recovery codes, but the browser flow '" + flow
                + "' does not ask for them: set 'Recovery Authentication Code Form' to Alternative (next to 'OTP Form')";
        report.warn("recoveryCodes.flowStepDisabled", text);
        out.println("Note: " + text);
    }

    /** The realm's legacy-subject setting, set to {@value #DEFAULT_LEGACY_SUBJECT_ATTRIBUTE} when absent. */
    private String legacySubjectAttribute(JsonNode realm) {
        String configured = realm.path("attributes").path(LEGACY_SUBJECT_SETTING).asText("");
        if (!configured.isBlank()) {
            return configured;
        }
        if (!options.dryRun()) {
            // The realm's other attributes go back unchanged: only the setting is added.
            ObjectNode update = KeycloakAdmin.JSON.createObjectNode();
            ObjectNode attributes = update.putObject("attributes");
            if (realm.path("attributes").isObject()) {
                attributes.setAll((ObjectNode) realm.path("attributes"));
            }
            attributes.put(LEGACY_SUBJECT_SETTING, DEFAULT_LEGACY_SUBJECT_ATTRIBUTE);
            admin.put("", update);
        }
        report.count("realm.legacySubjectAttributeSet");
        out.println("Realm setting " + LEGACY_SUBJECT_SETTING + " was not set: " + (options.dryRun() ? "would set" : "set")
                + " it to " + DEFAULT_LEGACY_SUBJECT_ATTRIBUTE);
        return DEFAULT_LEGACY_SUBJECT_ATTRIBUTE;
    }

    /**
     * Keycloak keeps only attributes its user profile declares. Identifiers (the legacy subject,
     * the migration digest) are admin-only; profile data is user-visible, editable by the user.
     */
    private void declareUserProfileAttributes(String legacyAttribute, Set<String> usedColumns, List<String> customFields) {
        JsonNode profile = admin.get("users/profile");
        if (profile == null) {
            throw new IllegalStateException("realm " + options.realm() + " has no user profile endpoint (Keycloak 26 expected)");
        }
        ObjectNode config = (ObjectNode) profile;
        ArrayNode attributes = config.withArray("attributes");
        Set<String> declared = new HashSet<>();
        attributes.forEach(a -> declared.add(a.path("name").asText()));
        Set<String> groups = new HashSet<>();
        config.path("groups").forEach(g -> groups.add(g.path("name").asText()));
        Map<String, String[]> wanted = new LinkedHashMap<>();
        wanted.put(legacyAttribute, new String[] {"Encvoy ID subject (migrated users)", "admin"});
        wanted.put(UserMapper.MIGRATION_ATTRIBUTE, new String[] {"Encvoy migration digest", "admin"});
        Map<String, String[]> optional = new LinkedHashMap<>();
        optional.put("middle_name", new String[] {"Middle name", "user"});
        optional.put("nickname", new String[] {"Nickname", "user"});
        optional.put("birthdate", new String[] {"Birthdate", "user"});
        optional.put("phone_number", new String[] {"Phone number", "user"});
        optional.put("phone_number_verified", new String[] {"Phone number verified", "admin"});
        optional.put("picture", new String[] {"Picture URL", "user"});
        // Only what the Encvoy data uses: an empty column adds no field to the realm's forms.
        optional.forEach((name, spec) -> {
            if (usedColumns.contains(name)) {
                wanted.put(name, spec);
            }
        });
        for (String field : customFields) {
            wanted.put(field, new String[] {"Encvoy custom field " + field, "admin-view-user"});
        }
        List<String> added = new ArrayList<>();
        wanted.forEach((name, spec) -> {
            if (declared.contains(name)) {
                return;
            }
            ObjectNode attribute = attributes.addObject().put("name", name).put("displayName", spec[0]).put("multivalued", false);
            if (groups.contains("user-metadata")) {
                attribute.put("group", "user-metadata");
            }
            ObjectNode permissions = attribute.putObject("permissions");
            switch (spec[1]) {
                case "admin" -> {
                    permissions.putArray("view").add("admin");
                    permissions.putArray("edit").add("admin");
                }
                case "user" -> {
                    permissions.putArray("view").add("admin").add("user");
                    permissions.putArray("edit").add("admin").add("user");
                }
                default -> {
                    permissions.putArray("view").add("admin").add("user");
                    permissions.putArray("edit").add("admin");
                }
            }
            if (customFields.contains(name)) {
                attribute.put("multivalued", true);
            }
            added.add(name);
        });
        if (!added.isEmpty()) {
            if (!options.dryRun()) {
                admin.put("users/profile", config);
            }
            report.count("userProfile.attributesDeclared", added.size());
            out.println("User profile: " + (options.dryRun() ? "would declare " : "declared ") + added);
        }
    }

    // ---- clients ---------------------------------------------------------------------------------

    private Set<String> migrateClients(EncvoySource source, ClientMapper mapper) throws SQLException {
        Map<String, List<String>> roleNames = source.roleNamesByClient();
        Set<String> migrated = new HashSet<>();
        for (EncvoyRows.Client client : source.clients()) {
            ClientMapper.Mapped mapped = mapper.map(client);
            mapped.notes().forEach(n -> report.reported(n.table(), n.key(), n.code(), n.reason()));
            try {
                JsonNode found = admin.get("clients?clientId=" + KeycloakAdmin.enc(client.clientId()));
                JsonNode existing = found != null && found.size() > 0 ? found.get(0) : null;
                String uuid;
                if (existing == null) {
                    if (options.dryRun()) {
                        report.count("clients.wouldCreate");
                        migrated.add(client.clientId());
                        continue;
                    }
                    ObjectNode create = mapped.representation().deepCopy();
                    // Keycloak 26 only puts a client in an access token's aud when a mapper says so; Encvoy apps
                    // introspect their own tokens, which Keycloak answers only for the audience.
                    create.putArray("protocolMappers").addObject().put("name", "audience " + client.clientId())
                            .put("protocol", "openid-connect").put("protocolMapper", "oidc-audience-mapper")
                            .putObject("config").put("included.client.audience", client.clientId())
                            .put("access.token.claim", "true").put("id.token.claim", "false").put("introspection.token.claim", "true");
                    String location = admin.post("clients", create).headers().firstValue("Location").orElseThrow();
                    uuid = location.substring(location.lastIndexOf('/') + 1);
                    report.count("clients.created");
                } else {
                    uuid = existing.path("id").asText();
                    if (ClientMapper.sameAs(existing, mapped.representation())) {
                        report.count("clients.unchanged");
                    } else if (options.dryRun()) {
                        report.count("clients.wouldUpdate");
                    } else {
                        ObjectNode update = ((ObjectNode) existing).deepCopy();
                        mapped.representation().fields().forEachRemaining(f -> {
                            if (f.getKey().equals("attributes")) {
                                update.with("attributes").setAll((ObjectNode) f.getValue());
                            } else {
                                update.set(f.getKey(), f.getValue());
                            }
                        });
                        admin.put("clients/" + uuid, update);
                        report.count("clients.updated");
                    }
                }
                migrated.add(client.clientId());
                clients.put(client.clientId(), new ClientRoles(uuid, ensureRoles(uuid, roleNames.getOrDefault(client.clientId(), List.of()))));
            } catch (KeycloakAdmin.AdminCallFailed e) {
                report.failed("Client", client.clientId(), "client.write_failed", e.getMessage());
            }
        }
        return migrated;
    }

    private Map<String, JsonNode> ensureRoles(String clientUuid, List<String> names) {
        Map<String, JsonNode> roles = new HashMap<>();
        JsonNode existing = admin.get("clients/" + clientUuid + "/roles");
        if (existing != null) {
            existing.forEach(r -> roles.put(r.path("name").asText(), r));
        }
        for (String name : names) {
            if (name == null || name.isBlank() || "NONE".equalsIgnoreCase(name) || roles.containsKey(name)) {
                continue;
            }
            if (options.dryRun()) {
                report.count("clientRoles.wouldCreate");
                continue;
            }
            admin.post("clients/" + clientUuid + "/roles", KeycloakAdmin.JSON.createObjectNode().put("name", name)
                    .put("description", "Encvoy ID role " + name));
            roles.put(name, admin.get("clients/" + clientUuid + "/roles/" + KeycloakAdmin.enc(name)));
            report.count("clientRoles.created");
        }
        return roles;
    }

    /** Tables with no Keycloak counterpart are reported row by row (with the reason). */
    private void reportUnmigratedTables(EncvoySource source) throws SQLException {
        long consents = source.count("Scopes");
        if (consents > 0) {
            report.count("consents.notMigrated", consents);
            report.reported("Scopes", "*", "consents", consents + " consent rows are not migrated: users consent again"
                    + " where a client asks for consent (Encvoy's default clients do not)");
        }
        for (String[] provider : source.providers()) {
            String type = provider[1] == null ? "" : provider[1].toUpperCase(Locale.ROOT);
            String alias = options.aliasFor(type);
            if (alias != null) {
                report.count("providers.mappedToIdentityProvider");
                continue;
            }
            report.reported("Provider", provider[0], "provider.configuration", "login method " + type + " (" + provider[2]
                    + "): configure it in Keycloak as an identity provider and pass --idp-alias " + type
                    + "=<alias> so its bindings move too");
        }
    }

    // ---- users ----------------------------------------------------------------------------------

    private void writePage(List<UserMapper.Mapped> page) {
        List<UserMapper.Mapped> toWrite = new ArrayList<>();
        for (UserMapper.Mapped mapped : page) {
            mapped.notes().forEach(n -> report.reported(n.table(), n.key(), n.code(), n.reason()));
            report.count("users.read");
            if (mapped.skipped()) {
                report.count("users.skipped");
            } else {
                toWrite.add(mapped);
            }
        }
        if (toWrite.isEmpty()) {
            return;
        }
        if (options.dryRun()) {
            for (UserMapper.Mapped mapped : toWrite) {
                report.count("users.wouldMigrate");
                countParts(mapped, "wouldMigrate");
            }
            return;
        }
        try {
            importPage(toWrite);
        } catch (KeycloakAdmin.AdminCallFailed e) {
            // One bad row fails the whole partial import; import row by row to name it and keep the others.
            for (UserMapper.Mapped mapped : toWrite) {
                try {
                    importPage(List.of(mapped));
                } catch (KeycloakAdmin.AdminCallFailed single) {
                    report.failed("User", mapped.source().id(), "user.import_failed", single.getMessage());
                }
            }
        }
    }

    private void importPage(List<UserMapper.Mapped> page) {
        ObjectNode body = KeycloakAdmin.JSON.createObjectNode().put("ifResourceExists", "SKIP");
        ArrayNode users = body.putArray("users");
        Map<String, UserMapper.Mapped> byUsername = new HashMap<>();
        for (UserMapper.Mapped mapped : page) {
            users.add(mapped.representation());
            byUsername.put(mapped.username(), mapped);
        }
        JsonNode answer = parse(admin.post("partialImport", body).body());
        for (JsonNode result : answer.path("results")) {
            if (!"USER".equals(result.path("resourceType").asText())) {
                continue;
            }
            UserMapper.Mapped mapped = byUsername.remove(result.path("resourceName").asText().toLowerCase(Locale.ROOT));
            if (mapped == null) {
                continue;
            }
            switch (result.path("action").asText()) {
                case "ADDED" -> {
                    report.count("users.created");
                    countParts(mapped, "created");
                }
                case "SKIPPED" -> reconcile(result.path("id").asText(), mapped);
                default -> report.failed("User", mapped.source().id(), "user.import_unexpected",
                        "partial import answered " + result.path("action").asText());
            }
        }
        byUsername.values().forEach(m -> report.failed("User", m.source().id(), "user.import_missing",
                "partial import did not mention user " + m.username()));
    }

    private void countParts(UserMapper.Mapped mapped, String outcome) {
        if (mapped.representation().has("credentials")) {
            long passwords = 0;
            for (JsonNode credential : mapped.representation().path("credentials")) {
                if ("password".equals(credential.path("type").asText())) {
                    passwords++;
                }
            }
            report.count("passwords." + outcome, passwords);
        }
        report.count("otpCredentials." + outcome, mapped.otpCredentials());
        report.count("recoveryCodes." + outcome, mapped.recoveryCodes());
        report.count("identityLinks." + outcome, mapped.links());
        report.count("clientRoleMappings." + outcome, mapped.clientRoles());
    }

    /** An existing Keycloak user with this username (or email): update it when it is ours and its row changed. */
    private void reconcile(String keycloakId, UserMapper.Mapped mapped) {
        String sourceId = mapped.source().id();
        try {
            JsonNode existing = admin.get("users/" + keycloakId);
            if (existing == null) {
                report.failed("User", sourceId, "user.vanished", "Keycloak user " + keycloakId + " disappeared during the run");
                return;
            }
            if (!existing.path("username").asText().equalsIgnoreCase(mapped.username())) {
                report.failed("User", sourceId, "user.email_taken", "email " + mapped.representation().path("email").asText()
                        + " belongs to Keycloak user '" + existing.path("username").asText() + "'; resolve the duplicate and run again");
                return;
            }
            Map<String, List<String>> attributes = UserMapper.attributes(existing);
            String legacy = first(attributes.get(legacyAttribute));
            String marker = first(attributes.get(UserMapper.MIGRATION_ATTRIBUTE));
            if (legacy == null && marker == null) {
                report.failed("User", sourceId, "user.exists_unmigrated", "Keycloak user '" + mapped.username()
                        + "' exists and was not created by this migration; rename or remove one of them and run again");
                return;
            }
            if (legacy != null && !legacy.equals(sourceId)) {
                report.failed("User", sourceId, "user.subject_conflict", "Keycloak user '" + mapped.username()
                        + "' holds Encvoy subject " + legacy + ", not " + sourceId);
                return;
            }
            if (mapped.marker().equals(marker)) {
                report.count("users.unchanged");
                return;
            }
            update(keycloakId, existing, attributes, marker, mapped);
            report.count("users.updated");
        } catch (KeycloakAdmin.AdminCallFailed e) {
            report.failed("User", sourceId, "user.update_failed", e.getMessage());
        }
    }

    private void update(String id, JsonNode existing, Map<String, List<String>> attributes, String oldMarker, UserMapper.Mapped mapped) {
        ObjectNode wanted = mapped.representation();
        ObjectNode update = ((ObjectNode) existing).deepCopy();
        for (String field : List.of("email", "emailVerified", "firstName", "lastName", "enabled")) {
            if (wanted.has(field)) {
                update.set(field, wanted.get(field));
            }
        }
        ArrayNode actions = update.withArray("requiredActions");
        wanted.path("requiredActions").forEach(a -> {
            if (!actions.toString().contains(a.toString())) {
                actions.add(a);
            }
        });
        wanted.path("attributes").fields().forEachRemaining(e -> {
            List<String> values = new ArrayList<>();
            e.getValue().forEach(v -> values.add(v.asText()));
            attributes.put(e.getKey(), values);
        });
        ObjectNode attributeNode = update.putObject("attributes");
        attributes.forEach((name, values) -> values.forEach(attributeNode.withArray(name)::add));

        // Credentials: add what is missing; replace the password only when Encvoy's hash changed.
        JsonNode credentials = admin.get("users/" + id + "/credentials");
        ArrayNode toAdd = KeycloakAdmin.JSON.createArrayNode();
        String oldPasswordDigest = oldMarker == null ? "" : oldMarker.substring(oldMarker.lastIndexOf(':') + 1);
        Set<String> otpLabels = new HashSet<>();
        JsonNode existingPassword = null;
        JsonNode existingRecoveryCodes = null;
        for (JsonNode credential : credentials) {
            if ("password".equals(credential.path("type").asText())) {
                existingPassword = credential;
            } else if ("otp".equals(credential.path("type").asText())) {
                otpLabels.add(credential.path("userLabel").asText());
            } else if (UserMapper.RECOVERY_CODES_TYPE.equals(credential.path("type").asText())) {
                existingRecoveryCodes = credential;
            }
        }
        Set<String> wantedOtpLabels = new HashSet<>();
        for (JsonNode credential : wanted.path("credentials")) {
            String type = credential.path("type").asText();
            if (type.equals("password")) {
                boolean changedInEncvoy = !mapped.passwordDigest().equals(oldPasswordDigest);
                if (existingPassword == null || changedInEncvoy) {
                    if (existingPassword != null) {
                        admin.delete("users/" + id + "/credentials/" + existingPassword.path("id").asText());
                    }
                    toAdd.add(credential);
                    report.count("passwords.updated");
                }
            } else if (type.equals("otp")) {
                wantedOtpLabels.add(credential.path("userLabel").asText());
                if (!otpLabels.contains(credential.path("userLabel").asText())) {
                    toAdd.add(credential);
                    report.count("otpCredentials.updated");
                }
            } else if (type.equals(UserMapper.RECOVERY_CODES_TYPE)) {
                String existingLabel = existingRecoveryCodes == null ? null : existingRecoveryCodes.path("userLabel").asText("");
                if (existingLabel == null) {
                    toAdd.add(credential);
                    report.count("recoveryCodes.updated");
                } else if (existingLabel.startsWith(UserMapper.RECOVERY_CODES_LABEL_PREFIX)
                        && !existingLabel.equals(credential.path("userLabel").asText())) {
                    // Codes used or regenerated in Encvoy since the last run; codes generated in Keycloak are the user's newer set and stay.
                    admin.delete("users/" + id + "/credentials/" + existingRecoveryCodes.path("id").asText());
                    toAdd.add(credential);
                    report.count("recoveryCodes.updated");
                }
            }
        }
        for (JsonNode credential : credentials) {
            String label = credential.path("userLabel").asText("");
            if ("otp".equals(credential.path("type").asText()) && label.startsWith(UserMapper.OTP_LABEL_PREFIX)
                    && !wantedOtpLabels.contains(label)) {
                // Re-enrolled or removed in Encvoy since the last run.
                admin.delete("users/" + id + "/credentials/" + credential.path("id").asText());
            }
        }
        update.remove("credentials");
        if (!toAdd.isEmpty()) {
            update.set("credentials", toAdd);
        }
        update.remove("access");
        update.remove("userProfileMetadata");
        admin.put("users/" + id, update);

        JsonNode links = admin.get("users/" + id + "/federated-identity");
        Map<String, String> linked = new HashMap<>();
        links.forEach(l -> linked.put(l.path("identityProvider").asText(), l.path("userId").asText()));
        for (JsonNode link : wanted.path("federatedIdentities")) {
            String alias = link.path("identityProvider").asText();
            String userId = link.path("userId").asText();
            if (userId.equals(linked.get(alias))) {
                continue;
            }
            if (linked.containsKey(alias)) {
                admin.delete("users/" + id + "/federated-identity/" + KeycloakAdmin.enc(alias));
            }
            admin.post("users/" + id + "/federated-identity/" + KeycloakAdmin.enc(alias), link);
            report.count("identityLinks.updated");
        }

        for (Map.Entry<String, List<String>> entry : mapped.rolesByClient().entrySet()) {
            ClientRoles client = clients.get(entry.getKey());
            JsonNode assigned = admin.get("users/" + id + "/role-mappings/clients/" + client.uuid());
            Set<String> names = new HashSet<>();
            assigned.forEach(r -> names.add(r.path("name").asText()));
            ArrayNode missing = KeycloakAdmin.JSON.createArrayNode();
            entry.getValue().stream().filter(n -> !names.contains(n)).map(client.roles()::get).forEach(missing::add);
            if (!missing.isEmpty()) {
                admin.post("users/" + id + "/role-mappings/clients/" + client.uuid(), missing);
                report.count("clientRoleMappings.updated", missing.size());
            }
        }
    }

    private static String first(List<String> values) {
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static JsonNode parse(String body) {
        try {
            return KeycloakAdmin.JSON.readTree(body);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("partial import answered something that is not JSON", e);
        }
    }

    private synchronized void sampleHeap(long done, long total) {
        long afterGc = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                MemoryUsage collected = pool.getCollectionUsage();
                if (collected != null) {
                    afterGc += collected.getUsed();
                }
            }
        }
        peakHeapAfterGc = Math.max(peakHeapAfterGc, afterGc);
        Runtime runtime = Runtime.getRuntime();
        peakHeapUsed = Math.max(peakHeapUsed, runtime.totalMemory() - runtime.freeMemory());
        if (peakHeapAfterGcAtTenth < 0 && total > 0 && done * 10 >= total) {
            peakHeapAfterGcAtTenth = peakHeapAfterGc;
        }
    }
}
