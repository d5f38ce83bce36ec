package dev.ssobundle.migration;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads an Encvoy ID PostgreSQL database (read-only transactions). Users come in pages by primary
 * key (keyset pagination: each page is an index range scan, memory stays at one page however many
 * users there are), each page with its external accounts and roles fetched in one query apiece.
 */
final class EncvoySource implements AutoCloseable {

    private final Connection connection;
    private String idSqlType;

    EncvoySource(String url, String user, String password) throws SQLException {
        connection = DriverManager.getConnection(url, user, password);
        connection.setReadOnly(true);
    }

    long count(String table) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT count(*) FROM \"" + table + "\"");
                ResultSet rows = statement.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** Calls {@code page} with successive pages of at most {@code pageSize} users, in id order. */
    void forEachUserPage(int pageSize, Consumer<List<EncvoyRows.UserBundle>> page) throws SQLException {
        Object lastId = null;
        while (true) {
            List<EncvoyRows.User> users = new ArrayList<>(pageSize);
            List<Object> ids = new ArrayList<>(pageSize);
            String sql = "SELECT id, login, email, email_verified, given_name, family_name, middle_name, nickname, birthdate,"
                    + " phone_number, phone_number_verified, picture, custom_fields::text AS custom_fields, hashed_password,"
                    + " password_updated_at, password_change_required, locale, blocked, deleted FROM \"User\""
                    + (lastId == null ? "" : " WHERE id > ?") + " ORDER BY id LIMIT ?";
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                int parameter = 1;
                if (lastId != null) {
                    statement.setObject(parameter++, lastId);
                }
                statement.setInt(parameter, pageSize);
                try (ResultSet rows = statement.executeQuery()) {
                    if (idSqlType == null) {
                        // The driver names serial columns by their declaration; arrays need the base type.
                        idSqlType = switch (rows.getMetaData().getColumnTypeName(1)) {
                            case "serial" -> "int4";
                            case "bigserial" -> "int8";
                            default -> rows.getMetaData().getColumnTypeName(1);
                        };
                    }
                    while (rows.next()) {
                        lastId = rows.getObject("id");
                        ids.add(lastId);
                        users.add(user(rows));
                    }
                }
            }
            if (users.isEmpty()) {
                return;
            }
            Map<String, List<EncvoyRows.ExternalAccount>> accounts = accountsOf(ids);
            Map<String, List<EncvoyRows.Role>> roles = rolesOf(ids);
            List<EncvoyRows.UserBundle> bundles = new ArrayList<>(users.size());
            for (EncvoyRows.User user : users) {
                bundles.add(new EncvoyRows.UserBundle(user, accounts.getOrDefault(user.id(), List.of()),
                        roles.getOrDefault(user.id(), List.of())));
            }
            page.accept(bundles);
            if (users.size() < pageSize) {
                return;
            }
        }
    }

    private Map<String, List<EncvoyRows.ExternalAccount>> accountsOf(List<Object> userIds) throws SQLException {
        Map<String, List<EncvoyRows.ExternalAccount>> byUser = new LinkedHashMap<>();
        try (PreparedStatement statement = connection.prepareStatement("SELECT id, user_id, type, sub, issuer, label,"
                + " rest_info::text AS rest_info FROM \"ExternalAccount\" WHERE user_id = ANY(?) ORDER BY user_id, id")) {
            statement.setArray(1, idArray(userIds));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    EncvoyRows.ExternalAccount account = new EncvoyRows.ExternalAccount(rows.getString("id"), rows.getString("user_id"),
                            rows.getString("type"), rows.getString("sub"), rows.getString("issuer"), rows.getString("label"),
                            json(rows.getString("rest_info")));
                    byUser.computeIfAbsent(account.userId(), k -> new ArrayList<>()).add(account);
                }
            }
        }
        return byUser;
    }

    private Map<String, List<EncvoyRows.Role>> rolesOf(List<Object> userIds) throws SQLException {
        Map<String, List<EncvoyRows.Role>> byUser = new LinkedHashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT id, user_id, client_id, role FROM \"Role\" WHERE user_id = ANY(?) ORDER BY user_id, client_id")) {
            statement.setArray(1, idArray(userIds));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    EncvoyRows.Role role = new EncvoyRows.Role(rows.getString("id"), rows.getString("user_id"),
                            rows.getString("client_id"), rows.getString("role"));
                    byUser.computeIfAbsent(role.userId(), k -> new ArrayList<>()).add(role);
                }
            }
        }
        return byUser;
    }

    List<EncvoyRows.Client> clients() throws SQLException {
        List<EncvoyRows.Client> clients = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("SELECT * FROM \"Client\" ORDER BY client_id");
                ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                clients.add(new EncvoyRows.Client(rows.getString("client_id"), rows.getString("client_secret"),
                        strings(rows.getArray("redirect_uris")), strings(rows.getArray("post_logout_redirect_uris")),
                        strings(rows.getArray("grant_types")), strings(rows.getArray("response_types")),
                        rows.getString("token_endpoint_auth_method"), rows.getString("application_type"),
                        rows.getString("id_token_signed_response_alg"), rows.getBoolean("require_signed_request_object"),
                        (Integer) rows.getObject("access_token_ttl"), (Integer) rows.getObject("refresh_token_ttl"),
                        rows.getString("name"), rows.getString("description"), rows.getString("domain"), rows.getString("avatar"),
                        rows.getString("parent_id"), rows.getBoolean("authorize_only_admins"),
                        rows.getBoolean("authorize_only_employees"), strings(rows.getArray("required_providers_ids"))));
            }
        }
        return clients;
    }

    /** Distinct (client, role) pairs of {@code "Role"}: the client roles to create before users refer to them. */
    Map<String, List<String>> roleNamesByClient() throws SQLException {
        Map<String, List<String>> names = new LinkedHashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT DISTINCT client_id, role FROM \"Role\" ORDER BY client_id, role");
                ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                names.computeIfAbsent(rows.getString(1), k -> new ArrayList<>()).add(rows.getString(2));
            }
        }
        return names;
    }

    /** Which optional profile columns hold a value in at least one row (only those become declared attributes). */
    java.util.Set<String> usedProfileColumns() throws SQLException {
        java.util.Set<String> used = new java.util.HashSet<>();
        List<String> columns = List.of("middle_name", "nickname", "birthdate", "phone_number", "picture");
        StringBuilder sql = new StringBuilder("SELECT ");
        for (int i = 0; i < columns.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append("count(").append(columns.get(i)).append(")");
        }
        try (PreparedStatement statement = connection.prepareStatement(sql + " FROM \"User\"");
                ResultSet rows = statement.executeQuery()) {
            rows.next();
            for (int i = 0; i < columns.size(); i++) {
                if (rows.getLong(i + 1) > 0) {
                    used.add(columns.get(i));
                }
            }
        }
        if (used.contains("phone_number")) {
            used.add("phone_number_verified");
        }
        return used;
    }

    /** Keys used in any user's {@code custom_fields} (one scan, distinct keys only). */
    List<String> customFieldNames() throws SQLException {
        List<String> names = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("SELECT DISTINCT jsonb_object_keys(custom_fields) FROM \"User\""
                + " WHERE custom_fields IS NOT NULL AND jsonb_typeof(custom_fields) = 'object' ORDER BY 1");
                ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                if (UserMapper.isCustomFieldName(rows.getString(1))) {
                    names.add(rows.getString(1));
                }
            }
        }
        return names;
    }

    /** {@code "Provider"} rows (configured login methods): id, type, name. */
    List<String[]> providers() throws SQLException {
        List<String[]> providers = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("SELECT id, type, name::text FROM \"Provider\" ORDER BY id");
                ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                providers.add(new String[] {rows.getString(1), rows.getString(2), rows.getString(3)});
            }
        }
        return providers;
    }

    private Array idArray(List<Object> ids) throws SQLException {
        return connection.createArrayOf(idSqlType, ids.toArray());
    }

    private static EncvoyRows.User user(ResultSet rows) throws SQLException {
        Timestamp birthdate = rows.getTimestamp("birthdate");
        return new EncvoyRows.User(rows.getString("id"), rows.getString("login"), rows.getString("email"),
                rows.getBoolean("email_verified"), rows.getString("given_name"), rows.getString("family_name"),
                rows.getString("middle_name"), rows.getString("nickname"),
                birthdate == null ? null : LocalDate.ofInstant(birthdate.toInstant(), ZoneOffset.UTC),
                rows.getString("phone_number"), rows.getBoolean("phone_number_verified"), rows.getString("picture"),
                json(rows.getString("custom_fields")), rows.getString("hashed_password"), instant(rows.getTimestamp("password_updated_at")),
                rows.getBoolean("password_change_required"), rows.getString("locale"), rows.getBoolean("blocked"),
                instant(rows.getTimestamp("deleted")));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    private static List<String> strings(Array array) throws SQLException {
        if (array == null) {
            return List.of();
        }
        List<String> values = new ArrayList<>();
        for (Object value : (Object[]) array.getArray()) {
            if (value != null) {
                values.add(value.toString());
            }
        }
        return values;
    }

    private static JsonNode json(String text) {
        if (text == null) {
            return null;
        }
        try {
            return KeycloakAdmin.JSON.readTree(text);
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
