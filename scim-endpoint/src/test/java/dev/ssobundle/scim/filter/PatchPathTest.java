package dev.ssobundle.scim.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.ssobundle.scim.ScimException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PatchPathTest {

    @Test
    void simpleAndSubAttributePaths() {
        assertThat(PatchPath.parse("active")).isEqualTo(new PatchPath(new AttributePath(null, "active", null), null, null));
        assertThat(PatchPath.parse("name.givenName")).isEqualTo(new PatchPath(new AttributePath(null, "name", "givenName"), null, null));
    }

    @Test
    void extensionUrnPaths() {
        PatchPath path = PatchPath.parse("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager");

        assertThat(path.attribute()).isEqualTo(new AttributePath("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User", "manager", null));
    }

    @Test
    void valueFilterWithAndWithoutSubAttribute() {
        PatchPath members = PatchPath.parse("members[value eq \"2819c223\"]");
        PatchPath work = PatchPath.parse("emails[type eq \"work\"].value");

        assertThat(members.attribute().attribute()).isEqualTo("members");
        assertThat(members.valueFilter()).isEqualTo(new Filter.Comparison(new AttributePath(null, "value", null), Filter.Operator.EQ, TextNode.valueOf("2819c223")));
        assertThat(members.subAttribute()).isNull();
        assertThat(work.subAttribute()).isEqualTo("value");
        assertThat(work.valueFilter()).isInstanceOf(Filter.Comparison.class);
    }

    @Test
    void filterInsidePathMayContainBrackets() {
        PatchPath path = PatchPath.parse("addresses[type eq \"work\" and formatted co \"]\"].streetAddress");

        assertThat(path.subAttribute()).isEqualTo("streetAddress");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "members[value eq \"x\"", "members[value zz \"x\"]", "members[value eq \"x\"]value", "a.b.c", "1abc", "name.[x]"})
    void malformedPathsAreInvalidPath(String text) {
        assertThatThrownBy(() -> PatchPath.parse(text))
                .isInstanceOfSatisfying(ScimException.class, e -> assertThat(e.scimType()).isEqualTo("invalidPath"));
    }
}
