import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SCIM endpoint vs Keycloak's admin REST API on one server, in one run. JDK only:
 *   java scripts/scim-benchmark/ScimBenchmark.java [--base http://localhost:8080] [--users 100000]
 *        [--admin admin] [--password admin] [--samples 200] [--jvm-pid <Keycloak's pid>]
 *        [--results docs/benchmarks/scim-100k.md]
 * Loads the users into realm "scim-bench" (created if missing; reused if already loaded), then
 * prints median and p95 latency per operation and the SCIM/admin-API ratio, full representations
 * on both sides and every answer's content checked. With --jvm-pid (a Keycloak on this machine)
 * it also measures the server's live heap (reachable objects, after a full GC) while paging through every user. With --results it writes the figures, the PASS/FAIL lines and the machine's
 * load as a Markdown page, so the docs quote a file the benchmark wrote rather than a hand copy.
 */
public class ScimBenchmark {

    static final String REALM = "scim-bench";
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static String base = "http://localhost:8080";
    static String adminUser = "admin";
    static String adminPassword = "admin";
    static String adminToken;
    static long adminTokenAt;
    static String scimToken;
    static long scimTokenAt;

    public static void main(String[] args) throws Exception {
        int userCount = 100_000;
        int sampleCount = 200;
        long jvmPid = 0;
        String resultsFile = null;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--base" -> base = args[i + 1].replaceAll("/$", "");
                case "--users" -> userCount = Integer.parseInt(args[i + 1]);
                case "--admin" -> adminUser = args[i + 1];
                case "--password" -> adminPassword = args[i + 1];
                case "--samples" -> sampleCount = Integer.parseInt(args[i + 1]);
                case "--jvm-pid" -> jvmPid = "auto".equals(args[i + 1]) ? -1 : Long.parseLong(args[i + 1]);
                case "--results" -> resultsFile = args[i + 1];
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        final int users = userCount;
        final int samples = sampleCount;
        String loadBefore = loadAverage();
        ensureRealm();
        load(users);
        Random random = new Random(42);
        Map<String, double[]> results = new LinkedHashMap<>();

        // Lookups and lists: full representations on both sides (the admin API's default, briefRepresentation=false),
        // and each answer's content checked: exactly the user asked for, or a full page.
        results.put("lookup userName eq", compare(samples,
                () -> expectOneScimUser(random, users, n -> scim("GET", "/Users?filter=" + enc("userName eq \"bench" + n + "\""), null)),
                () -> expectOneAdminUser(random, users, n -> admin("GET", "/users?exact=true&username=bench" + n, null))));
        // Keycloak's admin API has no externalId lookup (its q= attribute search is a scan, not an equivalent): the row
        // stands beside the admin API's exact-username lookup, the nearest indexed lookup it offers.
        results.put(EXTERNAL_ID_ROW, compare(samples,
                () -> expectOneScimUser(random, users, n -> scim("GET", "/Users?filter=" + enc("externalId eq \"ext-" + n + "\""), null)),
                () -> expectOneAdminUser(random, users, n -> admin("GET", "/users?exact=true&username=bench" + n, null))));
        results.put("list 100 at 1", compare(samples / 4,
                () -> expectScimPage(scim("GET", "/Users?startIndex=1&count=100", null), 100),
                () -> expectAdminPage(admin("GET", "/users?first=0&max=100", null), 100)));
        int middle = users / 2;
        results.put("list 100 at " + (middle + 1), compare(samples / 4,
                () -> expectScimPage(scim("GET", "/Users?startIndex=" + (middle + 1) + "&count=100", null), 100),
                () -> expectAdminPage(admin("GET", "/users?first=" + middle + "&max=100", null), 100)));
        lookupVerdicts(results);
        filterRows(results, samples, users);
        long run = System.currentTimeMillis();
        int[] counter = {0};
        results.put("create", compare(samples / 2,
                () -> scim("POST", "/Users", "{\"userName\":\"s" + run + "-" + counter[0]++ + "\",\"externalId\":\"x\",\"title\":\"t\"}"),
                () -> admin("POST", "/users", "{\"username\":\"a" + run + "-" + counter[0]++ + "\",\"enabled\":true,\"attributes\":{\"externalId\":[\"x\"],\"title\":[\"t\"]}}")));
        String scimTarget = id(scim("GET", "/Users?filter=" + enc("userName eq \"bench1\""), null));
        String adminTarget = id(scim("GET", "/Users?filter=" + enc("userName eq \"bench2\""), null));
        results.put("update (PATCH vs PUT)", compare(samples / 2,
                () -> scim("PATCH", "/Users/" + scimTarget,
                        "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":[{\"op\":\"replace\",\"path\":\"title\",\"value\":\"t" + counter[0]++ + "\"}]}"),
                () -> admin("PUT", "/users/" + adminTarget, "{\"attributes\":{\"title\":[\"t" + counter[0]++ + "\"],\"externalId\":[\"ext-2\"]}}")));
        largeGroupRows(results, samples / 2, users);

        System.out.printf("%n%-26s %10s %10s %10s %10s %8s %8s%n", "operation (" + users + " users)", "SCIM p50", "SCIM p95", "admin p50", "admin p95", "p50 x", "p95 x");
        results.forEach((name, r) -> System.out.printf("%-26s %8.1fms %8.1fms %8.1fms %8.1fms %7.2fx %7.2fx%n", name, r[0], r[1], r[2], r[3], r[0] / r[2], r[1] / r[3]));
        if (jvmPid != 0) {
            liveHeapWhilePaging(jvmPid > 0 ? jvmPid : listeningPid(URI.create(base).getPort()), users);
        }
        if (resultsFile != null) {
            writeResults(java.nio.file.Path.of(resultsFile), users, samples, loadBefore, results);
        }
        if (failures > 0) {
            System.exit(1);
        }
    }

    /** SCIM's default candidate limit (realm attribute ssoBundle.scim.maxFilterCandidates). */
    static final int CANDIDATE_LIMIT = 5_000;
    /** Filter rows: SCIM p50 at most this many times the admin API's nearest search (one page of 100, no total). */
    static final double FILTER_TARGET = 2.0;

    /**
     * Filters the database answers exactly (true totalResults, one count plus one page) and one it
     * cannot (userName sw: evaluated over at most the candidate limit, else 400 tooMany). Each SCIM
     * answer is checked: its totalResults is the true count, or the refusal is the documented one.
     */
    static void filterRows(Map<String, double[]> results, int samples, int users) throws Exception {
        int swMatches = 0;
        for (int i = 1; i <= users; i++) {
            swMatches += String.valueOf(i).startsWith("1") ? 1 : 0;
        }
        int expectedSw = swMatches;
        Map<String, double[]> rows = new LinkedHashMap<>();
        rows.put("filter active eq true", compare(samples / 4,
                () -> expectTotal(scim("GET", "/Users?count=100&filter=" + enc("active eq true"), null), users, true),
                () -> expectAdminPage(admin("GET", "/users?enabled=true&max=100", null), 100)));
        rows.put("filter title eq", compare(samples / 4,
                () -> expectTotal(scim("GET", "/Users?count=100&filter=" + enc("title eq \"Engineer\""), null), users - 2, true),
                () -> expectAdminPage(admin("GET", "/users?max=100&q=" + enc("title:Engineer"), null), 100)));
        rows.put("filter enterprise department eq", compare(samples / 4,
                () -> expectTotal(scim("GET", "/Users?count=100&filter=" + enc("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department eq \"Dept7\""), null),
                        (users + 13) / 20, false),
                () -> expectAdminPage(admin("GET", "/users?max=100&q=" + enc("department:Dept7"), null), 100)));
        rows.put("filter userName sw", compare(Math.max(4, samples / 20),
                () -> expectedSw > CANDIDATE_LIMIT
                        ? expectTooMany(scim("GET", "/Users?count=100&filter=" + enc("userName sw \"bench1\""), null))
                        : expectTotal(scim("GET", "/Users?count=100&filter=" + enc("userName sw \"bench1\""), null), expectedSw, false),
                () -> expectAdminPage(admin("GET", "/users?max=100&username=bench1", null), 100)));
        System.out.printf("userName sw \"bench1\" has %d candidates: %s%n", expectedSw,
                expectedSw > CANDIDATE_LIMIT ? "expected 400 tooMany (above the candidate limit " + CANDIDATE_LIMIT + ")" : "expected a 200 with the true total");
        boolean pass = true;
        for (Map.Entry<String, double[]> row : rows.entrySet()) {
            double ratio = row.getValue()[0] / row.getValue()[2];
            boolean ok = ratio <= FILTER_TARGET;
            pass &= ok;
            verdict(String.format("%s %-32s p50 %.1f ms vs admin %.1f ms = %.2fx (target <= %.1fx)", ok ? "PASS" : "FAIL", row.getKey(),
                    row.getValue()[0], row.getValue()[2], ratio, FILTER_TARGET));
        }
        results.putAll(rows);
        if (!pass) {
            failures++;
        }
    }

    static int failures;
    static final java.util.List<String> VERDICTS = new java.util.ArrayList<>();

    /** A PASS/FAIL line: printed, and kept for the results page. */
    static void verdict(String line) {
        System.out.println(line);
        VERDICTS.add(line);
    }

    static String loadAverage() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim().replaceAll("^(\\S+ \\S+ \\S+).*", "$1");
        } catch (java.io.IOException | RuntimeException e) {
            return "unknown";
        }
    }

    /** The run as a Markdown page: when, where, the table, the verdicts, the load before and after. */
    static void writeResults(java.nio.file.Path file, int users, int samples, String loadBefore, Map<String, double[]> results) throws java.io.IOException {
        StringBuilder md = new StringBuilder("# SCIM benchmark results\n\n")
                .append("Written by `scripts/scim-benchmark.sh --results` (do not edit by hand): ")
                .append(java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)).append(", ")
                .append(users).append(" users, ").append(samples).append(" samples per row, Keycloak at ").append(base)
                .append(", load average (1/5/15 min) before ").append(loadBefore).append(", after ").append(loadAverage())
                .append(", ").append(Runtime.getRuntime().availableProcessors()).append(" cores.\n\n")
                .append("| operation | SCIM p50 | SCIM p95 | admin p50 | admin p95 | ratio p50 | ratio p95 |\n")
                .append("| --- | --- | --- | --- | --- | --- | --- |\n");
        results.forEach((name, r) -> md.append(String.format("| %s | %.1f ms | %.1f ms | %.1f ms | %.1f ms | %.2f× | %.2f× |%n",
                name, r[0], r[1], r[2], r[3], r[0] / r[2], r[1] / r[3])));
        md.append("\nFull representations on both sides for lookups, lists and filters; each answer's content checked (exactly the user"
                + " asked for, a full page, the true totalResults). Keycloak's admin API has no externalId lookup: that row's admin columns"
                + " are its exact-username lookup, the nearest indexed lookup it has (its `q=externalId:` attribute search is a scan).\n");
        if (heapLine != null) {
            md.append("\n").append(heapLine).append(".\n");
        }
        md.append("\nTargets (held in `ScimBenchmark.java`):\n\n");
        VERDICTS.forEach(v -> md.append("- ").append(v.replaceAll(" +", " ")).append('\n'));
        md.append("\nResult: ").append(failures == 0 ? "**PASS** (exit 0)" : "**FAIL** (exit 1)").append('\n');
        if (file.getParent() != null) {
            java.nio.file.Files.createDirectories(file.getParent());
        }
        java.nio.file.Files.writeString(file, md);
        System.out.println("results written to " + file);
    }

    /** Large-group rows: a one-member PATCH on a big group at most this many times the admin API's add-member call... */
    static final double LARGE_GROUP_TARGET = 2.0;
    /**
     * ...and the group's size may weigh on SCIM at most this many times what it weighs on Keycloak's own add-member
     * call: the SCIM layer must add no cost that grows with the group (Keycloak's membership insert and cache
     * invalidation on a 10,000-member group are its own and measured beside it).
     */
    static final double SIZE_EFFECT_VS_KEYCLOAK_TARGET = 1.25;

    /**
     * One member added per call (a different user each time, so every call writes) to a group of
     * min(10,000, users/2) members and to a 10-member group, each measured interleaved with its counterpart:
     * SCIM PATCH on the big group vs the admin API's PUT /users/{id}/groups/{group} on it; SCIM PATCH on the big
     * vs the small group (the group's size effect on SCIM); admin API on the big vs the small group (its size
     * effect on Keycloak itself). Each SCIM answer must be 204 with an ETag; the members are counted afterwards.
     */
    static void largeGroupRows(Map<String, double[]> results, int samples, int users) throws Exception {
        int size = Math.min(10_000, users / 2);
        int added = 6 * (samples + 10);
        if (users < size + 10 + added) {
            System.out.println("large-group rows skipped: need at least " + (size + 10 + added) + " users");
            return;
        }
        // Users in the admin API's own (stable) order: the first `size` make the big group, the next 10 the small one, the rest are added.
        java.util.List<String> ids = userIds(size + 10 + added);
        String large = group("bench-large-" + size, ids.subList(0, size));
        String small = group("bench-small-10", ids.subList(size, size + 10));
        int[] next = {size + 10};
        double[] vsAdminRow = compare(samples, () -> addMember(large, ids.get(next[0]++)),
                () -> admin("PUT", "/users/" + ids.get(next[0]++) + "/groups/" + large, null));
        results.put("group PATCH +1 (" + size + " members)", vsAdminRow);
        double[] scimSizeRow = compare(samples, () -> addMember(large, ids.get(next[0]++)), () -> addMember(small, ids.get(next[0]++)));
        results.put("group PATCH +1, " + size + " vs 10 members (both columns SCIM)", scimSizeRow);
        double[] adminSizeRow = compare(samples, () -> admin("PUT", "/users/" + ids.get(next[0]++) + "/groups/" + large, null),
                () -> admin("PUT", "/users/" + ids.get(next[0]++) + "/groups/" + small, null));
        results.put("admin add member, " + size + " vs 10 members (both columns admin API)", adminSizeRow);
        double vsAdmin = vsAdminRow[0] / vsAdminRow[2];
        double scimSizeEffect = scimSizeRow[0] / scimSizeRow[2];
        double keycloakSizeEffect = adminSizeRow[0] / adminSizeRow[2];
        boolean ok = vsAdmin <= LARGE_GROUP_TARGET && scimSizeEffect <= keycloakSizeEffect * SIZE_EFFECT_VS_KEYCLOAK_TARGET;
        verdict(String.format("%s group PATCH +1 on %d members: p50 %.1f ms = %.2fx the admin API (target <= %.1fx); %d vs 10 members costs"
                + " %.2fx through SCIM and %.2fx through Keycloak's own call (target: SCIM <= %.2fx Keycloak's)", ok ? "PASS" : "FAIL", size,
                vsAdminRow[0], vsAdmin, LARGE_GROUP_TARGET, size, scimSizeEffect, keycloakSizeEffect, SIZE_EFFECT_VS_KEYCLOAK_TARGET));
        if (!ok) {
            failures++;
        }
        // every call wrote: the big group holds its members plus the four rows' additions (warm-up included), exactly
        int expected = size + 4 * (samples + 10);
        String last = check(admin("GET", "/groups/" + large + "/members?briefRepresentation=true&first=" + (expected - 1) + "&max=10", null)).body();
        if (Pattern.compile("\"id\"\\s*:").matcher(last).results().count() != 1) {
            throw new IllegalStateException("the large group should hold exactly " + expected + " members after the run, the last page gave " + last);
        }
    }

    /** The ids of the first {@code count} users of the realm, in the admin API's order. */
    static java.util.List<String> userIds(int count) throws Exception {
        java.util.List<String> ids = new java.util.ArrayList<>();
        Pattern id = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");
        for (int first = 0; first < count; first += 1000) {
            Matcher m = id.matcher(check(admin("GET", "/users?briefRepresentation=true&first=" + first + "&max=" + Math.min(1000, count - first), null)).body());
            while (m.find()) {
                ids.add(m.group(1));
            }
        }
        return ids;
    }

    /**
     * The group {@code name} holding exactly {@code members}: created empty through SCIM, then filled by
     * PATCH adds of 500 members each (one transaction per call; a single 10,000-member POST would be
     * one long transaction).
     */
    static String group(String name, java.util.List<String> members) throws Exception {
        HttpResponse<String> existing = check(scim("GET", "/Groups?excludedAttributes=members&filter=" + enc("displayName eq \"" + name + "\""), null));
        if (existing.body().contains("\"id\"")) {
            // a group left by an earlier run: start again from exactly the listed members
            check(scim("DELETE", "/Groups/" + idOfResource(existing.body()), null));
        }
        String id = idOfResource(check(scim("POST", "/Groups", "{\"displayName\":\"" + name + "\"}")).body());
        for (int from = 0; from < members.size(); from += 500) {
            StringBuilder value = new StringBuilder();
            for (String member : members.subList(from, Math.min(members.size(), from + 500))) {
                value.append(value.length() == 0 ? "" : ",").append("{\"value\":\"").append(member).append("\"}");
            }
            check(scim("PATCH", "/Groups/" + id, "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
                    + "\"Operations\":[{\"op\":\"Add\",\"path\":\"members\",\"value\":[" + value + "]}]}"));
        }
        return id;
    }

    static String idOfResource(String body) {
        Matcher m = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"").matcher(body);
        if (!m.find()) {
            throw new IllegalStateException("no id in " + body);
        }
        return m.group(1);
    }

    static HttpResponse<String> addMember(String group, String user) throws Exception {
        HttpResponse<String> response = scim("PATCH", "/Groups/" + group, "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
                + "\"Operations\":[{\"op\":\"Add\",\"path\":\"members\",\"value\":[{\"value\":\"" + user + "\"}]}]}");
        if (response.statusCode() != 204 || response.headers().firstValue("ETag").isEmpty() || !response.body().isEmpty()) {
            throw new IllegalStateException("PATCH /Groups/" + group + ": expected 204 with an ETag and no body, got " + response.statusCode() + " " + response.body());
        }
        return response;
    }

    static final String EXTERNAL_ID_ROW = "lookup externalId eq (admin: no equivalent; column = exact username)";
    /** Lookup rows: SCIM p50 at most this many times the admin API's exact-username lookup, full representations both sides. */
    static final double LOOKUP_TARGET = 1.5;
    /** List rows: a SCIM page of 100 full users at most this many times the admin API's page of 100 full users. */
    static final double LIST_TARGET = 1.5;

    static void lookupVerdicts(Map<String, double[]> results) {
        boolean pass = true;
        for (Map.Entry<String, double[]> row : results.entrySet()) {
            double target = row.getKey().startsWith("list") ? LIST_TARGET : LOOKUP_TARGET;
            double ratio = row.getValue()[0] / row.getValue()[2];
            boolean ok = ratio <= target;
            pass &= ok;
            verdict(String.format("%s %s p50 %.1f ms vs admin %.1f ms = %.2fx (target <= %.1fx)", ok ? "PASS" : "FAIL", row.getKey(),
                    row.getValue()[0], row.getValue()[2], ratio, target));
        }
        if (!pass) {
            failures++;
        }
    }

    interface NumberedCall {
        HttpResponse<String> call(int n) throws Exception;
    }

    /** A SCIM filter answer holding exactly one user, the one asked for. */
    static HttpResponse<String> expectOneScimUser(Random random, int users, NumberedCall call) throws Exception {
        int n = pick(random, users);
        HttpResponse<String> response = expectTotal(call.call(n), 1, false);
        if (!response.body().contains("\"userName\":\"bench" + n + "\"") && !response.body().contains("\"userName\":\"Bench" + n + "\"")) {
            throw new IllegalStateException(response.uri() + ": expected user bench" + n + ", got " + response.body());
        }
        return response;
    }

    /** An admin-API search answer holding exactly one full user representation, the one asked for. */
    static HttpResponse<String> expectOneAdminUser(Random random, int users, NumberedCall call) throws Exception {
        int n = pick(random, users);
        HttpResponse<String> response = expectAdminPage(call.call(n), 1);
        if (!response.body().contains("\"username\":\"bench" + n + "\"") || !response.body().contains("\"attributes\"")) {
            throw new IllegalStateException(response.uri() + ": expected the full representation of bench" + n + ", got " + response.body());
        }
        return response;
    }

    static HttpResponse<String> expectScimPage(HttpResponse<String> response, int size) {
        check(response);
        if (!response.body().contains("\"itemsPerPage\":" + size) || count(response.body(), "\"userName\"") != size) {
            throw new IllegalStateException(response.uri() + ": expected a page of " + size + " users");
        }
        return response;
    }

    static HttpResponse<String> expectAdminPage(HttpResponse<String> response, int size) {
        check(response);
        if (count(response.body(), "\"username\"") != size) {
            throw new IllegalStateException(response.uri() + ": expected " + size + " users, got " + count(response.body(), "\"username\""));
        }
        return response;
    }

    static int count(String body, String needle) {
        int found = 0;
        for (int at = body.indexOf(needle); at >= 0; at = body.indexOf(needle, at + needle.length())) {
            found++;
        }
        return found;
    }

    static HttpResponse<String> expectTotal(HttpResponse<String> response, int expected, boolean atLeast) {
        check(response);
        Matcher total = Pattern.compile("\"totalResults\"\\s*:\\s*(\\d+)").matcher(response.body());
        long actual = total.find() ? Long.parseLong(total.group(1)) : -1;
        if (atLeast ? actual < expected : actual != expected) {
            throw new IllegalStateException(response.uri() + ": totalResults " + actual + ", expected " + (atLeast ? "at least " : "") + expected);
        }
        return response;
    }

    static HttpResponse<String> expectTooMany(HttpResponse<String> response) {
        if (response.statusCode() != 400 || !response.body().contains("\"tooMany\"")) {
            throw new IllegalStateException(response.uri() + ": expected 400 tooMany, got " + response.statusCode() + " " + response.body());
        }
        return null; // validated here: compare() accepts it
    }

    static int pick(Random random, int users) {
        return 1 + random.nextInt(users);
    }

    interface Call {
        HttpResponse<String> call() throws Exception;
    }

    /** Alternates SCIM and admin calls (warm-up first), returns {scim p50, scim p95, admin p50, admin p95} in ms. */
    static double[] compare(int samples, Call scimCall, Call adminCall) throws Exception {
        for (int i = 0; i < 10; i++) {
            check(scimCall.call());
            check(adminCall.call());
        }
        double[] s = new double[samples];
        double[] a = new double[samples];
        for (int i = 0; i < samples; i++) {
            long t0 = System.nanoTime();
            check(scimCall.call());
            long t1 = System.nanoTime();
            check(adminCall.call());
            long t2 = System.nanoTime();
            s[i] = (t1 - t0) / 1e6;
            a[i] = (t2 - t1) / 1e6;
        }
        return new double[] {percentile(s, 50), percentile(s, 95), percentile(a, 50), percentile(a, 95)};
    }

    static double percentile(double[] values, int p) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    /** A 2xx, or null for an answer the call itself has already validated (an expected refusal). */
    static HttpResponse<String> check(HttpResponse<String> response) {
        if (response == null) {
            return null;
        }
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException(response.request().method() + " " + response.uri() + " -> " + response.statusCode() + " " + response.body());
        }
        return response;
    }

    static void ensureRealm() throws Exception {
        if (send("GET", base + "/admin/realms/" + REALM, adminToken(), null).statusCode() == 200) {
            return;
        }
        check(send("POST", base + "/admin/realms", adminToken(), "{\"realm\":\"" + REALM + "\",\"enabled\":true,"
                + "\"roles\":{\"realm\":[{\"name\":\"scim-provisioning\"}]},"
                + "\"clients\":[{\"clientId\":\"bench\",\"secret\":\"bench-secret\",\"publicClient\":false,\"serviceAccountsEnabled\":true,\"standardFlowEnabled\":false}],"
                + "\"users\":[{\"username\":\"service-account-bench\",\"enabled\":true,\"serviceAccountClientId\":\"bench\",\"realmRoles\":[\"scim-provisioning\"]}]}"));
        // keep SCIM/extra attributes without declaring each: the benchmark measures speed, not the profile
        HttpResponse<String> profile = check(send("GET", base + "/admin/realms/" + REALM + "/users/profile", adminToken(), null));
        String updated = profile.body().replaceFirst("\\{", "{\"unmanagedAttributePolicy\":\"ADMIN_EDIT\",");
        check(send("PUT", base + "/admin/realms/" + REALM + "/users/profile", adminToken(), updated));
    }

    /** Partial import in batches of 1000; users that exist are skipped, so a second run reuses the load. */
    static void load(int users) throws Exception {
        int existing = Integer.parseInt(check(send("GET", base + "/admin/realms/" + REALM + "/users/count", adminToken(), null)).body().trim());
        if (existing >= users) {
            String engineers = check(send("GET", base + "/admin/realms/" + REALM + "/users?briefRepresentation=true&max=1&q=" + enc("title:Engineer"), adminToken(), null)).body();
            if (engineers.trim().equals("[]")) {
                System.out.println("realm " + REALM + " was loaded by an older benchmark (no title/department attributes): delete it"
                        + " (DELETE /admin/realms/" + REALM + ") and run again");
                System.exit(2);
            }
            System.out.println("realm " + REALM + " already holds " + existing + " users");
            return;
        }
        long start = System.currentTimeMillis();
        for (int from = 1; from <= users; from += 1000) {
            StringBuilder batch = new StringBuilder("{\"ifResourceExists\":\"SKIP\",\"users\":[");
            for (int i = from; i < from + 1000 && i <= users; i++) {
                batch.append(i == from ? "" : ",").append("{\"username\":\"bench").append(i).append("\",\"enabled\":true,\"email\":\"bench").append(i)
                        .append("@example.org\",\"firstName\":\"Bench\",\"lastName\":\"User").append(i).append("\",\"attributes\":{\"externalId\":[\"ext-")
                        .append(i).append("\"],\"scimUserName\":[\"Bench").append(i).append("\"],\"title\":[\"Engineer\"],\"department\":[\"Dept").append(i % 20)
                        .append("\"]}}");
            }
            check(send("POST", base + "/admin/realms/" + REALM + "/partialImport", adminToken(), batch.append("]}").toString()));
            if ((from - 1) % 10_000 == 0) {
                System.out.printf("loaded %d users (%ds)%n", from - 1, (System.currentTimeMillis() - start) / 1000);
            }
        }
        System.out.printf("loaded %d users in %ds%n", users, (System.currentTimeMillis() - start) / 1000);
    }

    /**
     * Paging every user must not grow the server's live set with the number of users paged: no reading
     * may exceed this share of the reading at the first tenth...
     */
    static final double HEAP_GROWTH_TARGET = 1.25;
    /** ...plus this much slack (young objects of the last page, Infinispan's eviction running behind its bound). */
    static final double HEAP_SLACK_MIB = 32;

    /**
     * Pages through every user through SCIM (100 a page, every attribute but groups) and measures the server's
     * live set, not a sample of a heap full of garbage: {@code jcmd <pid> GC.class_histogram} collects first
     * and counts only what is reachable (the histogram's total). Readings before, at every tenth and after.
     * Keycloak's user cache is bounded (10,000 entries by default), so it fills during the first tenth and the
     * live set legitimately grows until then; "flat" is judged from the first tenth's reading on: PASS when no
     * later reading exceeds it by more than the target, i.e. memory does not follow the number of users paged.
     */
    static void liveHeapWhilePaging(long pid, int users) throws Exception {
        double before = liveHeapMiB(pid);
        java.util.List<Double> readings = new java.util.ArrayList<>();
        int tenth = Math.max(100, users / 10 / 100 * 100);
        for (int start = 1; start <= users; start += 100) {
            // every attribute but groups: group membership is one query per user, timed in the list rows; here a
            // cold page of 100 users' groups costs seconds on a loaded 2-core machine and says nothing about memory
            expectScimPage(scim("GET", "/Users?startIndex=" + start + "&count=100&excludedAttributes=groups", null), Math.min(100, users - start + 1));
            if ((start - 1) % tenth == 0 && start > 1) {
                double live = liveHeapMiB(pid);
                System.out.printf("paged %d users: live heap %.0f MiB%n", start - 1, live);
                readings.add(live);
            }
        }
        double after = liveHeapMiB(pid);
        readings.add(after);
        double filled = readings.get(0);
        double max = readings.stream().mapToDouble(Double::doubleValue).max().orElse(filled);
        heapLine = String.format("live heap (jcmd GC.class_histogram: reachable objects after a full collection) while paging all %d users through SCIM"
                + " (100 users a page, every attribute but groups): before %.0f MiB, at each tenth %s MiB, after %.0f MiB", users, before,
                readings.subList(0, readings.size() - 1).stream().map(live -> String.format("%.0f", live)).collect(java.util.stream.Collectors.joining(" / ")),
                after);
        System.out.println(heapLine);
        boolean ok = max <= filled * HEAP_GROWTH_TARGET + HEAP_SLACK_MIB;
        verdict(String.format("%s flat memory while paging: max live heap %.0f MiB vs %.0f MiB at the first tenth, once the user cache is full"
                + " (target <= %.2fx + %.0f MiB; %.0f MiB before paging)", ok ? "PASS" : "FAIL", max, filled, HEAP_GROWTH_TARGET, HEAP_SLACK_MIB, before));
        if (!ok) {
            failures++;
        }
    }

    static String heapLine;

    /** --jvm-pid auto: the process listening on the benchmark's port on this machine (iproute2's ss). */
    static long listeningPid(int port) throws Exception {
        Process process = new ProcessBuilder("ss", "-Hltnp", "sport = :" + port).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();
        Matcher pid = Pattern.compile("pid=(\\d+)").matcher(output);
        if (!pid.find()) {
            throw new IllegalStateException("--jvm-pid auto: no process of this user listens on port " + port + " (" + output.trim() + ")");
        }
        return Long.parseLong(pid.group(1));
    }

    /** The histogram's total: bytes of every object still reachable after the full collection it starts with. */
    static double liveHeapMiB(long pid) throws Exception {
        String histogram = jcmd(pid, "GC.class_histogram");
        Matcher total = Pattern.compile("(?m)^Total\\s+\\d+\\s+(\\d+)\\s*$").matcher(histogram);
        if (!total.find()) {
            throw new IllegalStateException("jcmd " + pid + " GC.class_histogram gave no 'Total' line");
        }
        return Long.parseLong(total.group(1)) / (1024.0 * 1024.0);
    }

    static String jcmd(long pid, String command) throws Exception {
        Process process = new ProcessBuilder("jcmd", String.valueOf(pid), command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException("jcmd " + pid + " " + command + " failed: " + output);
        }
        return output;
    }

    static HttpResponse<String> scim(String method, String path, String body) throws Exception {
        return send(method, base + "/realms/" + REALM + "/scim/v2" + path, scimToken(), body);
    }

    static HttpResponse<String> admin(String method, String path, String body) throws Exception {
        return send(method, base + "/admin/realms/" + REALM + path, adminToken(), body);
    }

    static HttpResponse<String> send(String method, String url, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Tokens are refreshed every 30 s so none expires mid-measurement (master admin tokens live 60 s). */
    static String adminToken() throws Exception {
        if (adminToken == null || System.currentTimeMillis() - adminTokenAt > 30_000) {
            adminToken = token(base + "/realms/master/protocol/openid-connect/token",
                    "grant_type=password&client_id=admin-cli&username=" + enc(adminUser) + "&password=" + enc(adminPassword));
            adminTokenAt = System.currentTimeMillis();
        }
        return adminToken;
    }

    static String scimToken() throws Exception {
        if (scimToken == null || System.currentTimeMillis() - scimTokenAt > 30_000) {
            scimToken = token(base + "/realms/" + REALM + "/protocol/openid-connect/token",
                    "grant_type=client_credentials&client_id=bench&client_secret=bench-secret");
            scimTokenAt = System.currentTimeMillis();
        }
        return scimToken;
    }

    static String token(String url, String form) throws Exception {
        HttpResponse<String> response = check(HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString()));
        Matcher m = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"").matcher(response.body());
        if (!m.find()) {
            throw new IllegalStateException("no access_token in " + response.body());
        }
        return m.group(1);
    }

    static String id(HttpResponse<String> listResponse) {
        Matcher m = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"").matcher(check(listResponse).body());
        if (!m.find()) {
            throw new IllegalStateException("no id in " + listResponse.body());
        }
        return m.group(1);
    }

    static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

}
