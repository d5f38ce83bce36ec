package dev.ssobundle.scim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResourceVersionTest {

    private static Map<String, List<String>> attributes(String... pairs) {
        Map<String, List<String>> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.computeIfAbsent(pairs[i], k -> new java.util.ArrayList<>()).add(pairs[i + 1]);
        }
        return map;
    }

    @Test
    void sameStoredDataGivesTheSameVersionWhateverTheOrderTheStoreReturnsItIn() {
        String a = ResourceVersion.digest(Arrays.asList("alice", null), attributes("title", "Eng", "roles", "a", "roles", "b"));
        String b = ResourceVersion.digest(Arrays.asList("alice", null), attributes("roles", "b", "roles", "a", "title", "Eng"));
        assertThat(a).isEqualTo(b).startsWith("W/\"").endsWith("\"");
    }

    @Test
    void anyChangedFieldOrAttributeChangesTheVersion() {
        String base = ResourceVersion.digest(Arrays.asList("alice", "Alice"), attributes("title", "Eng"));
        assertThat(ResourceVersion.digest(Arrays.asList("alice", "Alicia"), attributes("title", "Eng"))).isNotEqualTo(base);
        assertThat(ResourceVersion.digest(Arrays.asList("alice", "Alice"), attributes("title", "Mgr"))).isNotEqualTo(base);
        assertThat(ResourceVersion.digest(Arrays.asList("alice", "Alice"), attributes("title", "Eng", "x", ""))).isNotEqualTo(base);
        // field boundaries count: ("ab", "c") is not ("a", "bc")
        assertThat(ResourceVersion.digest(Arrays.asList("ab", "c"), Map.of())).isNotEqualTo(ResourceVersion.digest(Arrays.asList("a", "bc"), Map.of()));
        assertThat(ResourceVersion.digest(Arrays.asList("a", null), Map.of())).isNotEqualTo(ResourceVersion.digest(Arrays.asList("a", ""), Map.of()));
    }

    @Test
    void preconditionHeadersMatchWeakTagsInEveryForm() {
        String current = "W/\"abc\"";
        assertThat(ResourceVersion.matches("W/\"abc\"", current)).isTrue();
        assertThat(ResourceVersion.matches("\"abc\"", current)).isTrue();
        assertThat(ResourceVersion.matches("\"old\", W/\"abc\"", current)).isTrue();
        assertThat(ResourceVersion.matches("*", current)).isTrue();
        assertThat(ResourceVersion.matches("W/\"old\"", current)).isFalse();
    }
}
