package dev.ssobundle.migration;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClientMapperTest {

    private final ClientMapper mapper = new ClientMapper(1800, 36000);

    private static EncvoyRows.Client client(String authMethod, List<String> grants) {
        return new EncvoyRows.Client("rocket", "plain-secret", List.of("https://chat.example.com/_oauth/encvoy"),
                List.of("https://chat.example.com/", "https://chat.example.com/bye"), grants, List.of("code"), authMethod, "web",
                "RS256", false, 900, 3600, "{\"en\":\"Rocket.Chat\",\"ru-RU\":\"Рокет\"}", "Team chat", "https://chat.example.com",
                null, null, false, true, List.of("p1"));
    }

    @Test
    void keepsIdSecretRedirectsGrantsAndLifetimes() {
        ClientMapper.Mapped mapped = mapper.map(client("client_secret_post", List.of("authorization_code", "refresh_token")));
        JsonNode rep = mapped.representation();
        assertThat(rep.path("clientId").asText()).isEqualTo("rocket");
        assertThat(rep.path("secret").asText()).isEqualTo("plain-secret");
        assertThat(rep.path("publicClient").asBoolean()).isFalse();
        assertThat(rep.path("clientAuthenticatorType").asText()).isEqualTo("client-secret");
        assertThat(rep.path("name").asText()).isEqualTo("Rocket.Chat");
        assertThat(rep.path("redirectUris").get(0).asText()).isEqualTo("https://chat.example.com/_oauth/encvoy");
        assertThat(rep.path("standardFlowEnabled").asBoolean()).isTrue();
        assertThat(rep.path("serviceAccountsEnabled").asBoolean()).isFalse();
        assertThat(rep.path("directAccessGrantsEnabled").asBoolean()).isFalse();
        JsonNode attributes = rep.path("attributes");
        assertThat(attributes.path("post.logout.redirect.uris").asText()).isEqualTo("https://chat.example.com/##https://chat.example.com/bye");
        assertThat(attributes.path("access.token.lifespan").asText()).isEqualTo("900");
        assertThat(attributes.path("client.session.max.lifespan").asText()).isEqualTo("3600");
        assertThat(attributes.path("client.session.idle.timeout").asText()).as("capped by the realm's SSO idle timeout").isEqualTo("1800");
        assertThat(attributes.path("use.refresh.tokens").asText()).isEqualTo("true");
        assertThat(mapped.notes()).extracting(Note::code).containsExactly("client.refresh_lifetime", "client.access_restriction", "client.required_providers");
    }

    @Test
    void publicAndMachineClients() {
        JsonNode spa = mapper.map(client("none", List.of("authorization_code"))).representation();
        assertThat(spa.path("publicClient").asBoolean()).isTrue();
        assertThat(spa.has("secret")).isFalse();
        assertThat(spa.path("attributes").path("use.refresh.tokens").asText()).isEqualTo("false");
        JsonNode machine = mapper.map(client("client_secret_basic", List.of("client_credentials"))).representation();
        assertThat(machine.path("serviceAccountsEnabled").asBoolean()).isTrue();
        assertThat(machine.path("standardFlowEnabled").asBoolean()).isFalse();
    }

    @Test
    void comparesOnlyWhatTheMigrationSets() {
        JsonNode wanted = mapper.map(client("client_secret_basic", List.of("authorization_code"))).representation();
        com.fasterxml.jackson.databind.node.ObjectNode existing = wanted.deepCopy();
        existing.put("id", "uuid").put("fullScopeAllowed", true);
        existing.with("attributes").put("backchannel.logout.session.required", "true");
        assertThat(ClientMapper.sameAs(existing, wanted)).isTrue();
        existing.put("secret", "rotated");
        assertThat(ClientMapper.sameAs(existing, wanted)).isFalse();
    }
}
