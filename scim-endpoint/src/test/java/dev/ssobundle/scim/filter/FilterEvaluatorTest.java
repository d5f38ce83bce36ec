package dev.ssobundle.scim.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ssobundle.scim.ScimException;
import dev.ssobundle.scim.schema.ScimSchema.ResourceType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FilterEvaluatorTest {

    private static final FilterEvaluator USERS = new FilterEvaluator(ResourceType.USER);
    private static final JsonNode BJENSEN = json("""
            {"id":"2819c223","userName":"BJensen","externalId":"Ext-1","active":true,"title":"Tour Guide",
             "name":{"familyName":"Jensen","givenName":"Barbara"},
             "emails":[{"value":"bjensen@example.com","type":"work","primary":true},{"value":"babs@jensen.org","type":"home"}],
             "meta":{"created":"2024-01-23T04:56:22Z","lastModified":"2024-05-13T04:42:34Z"},
             "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"department":"Sales","manager":{"value":"m1"}}}
            """);

    private static JsonNode json(String text) {
        try {
            return new ObjectMapper().readTree(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean matches(String filter) {
        return USERS.matches(USERS.canonicalize(FilterParser.parse(filter)), BJENSEN);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "userName eq \"bjensen\"|true",
            "USERNAME Eq \"BJENSEN\"|true",
            "userName ne \"bjensen\"|false",
            "externalId eq \"ext-1\"|false",
            "externalId eq \"Ext-1\"|true",
            "id eq \"2819c223\"|true",
            "name.familyName co \"ens\"|true",
            "Name.FamilyName sw \"j\"|true",
            "title ew \"guide\"|true",
            "active eq true|true",
            "active eq false|false",
            "title pr|true",
            "nickName pr|false",
            "emails co \"jensen.org\"|true",
            "emails.value eq \"babs@jensen.org\"|true",
            "emails[type eq \"work\"].value eq \"bjensen@example.com\"|true",
            "emails[type eq \"work\"].value eq \"babs@jensen.org\"|false",
            "emails[type eq \"home\" and value co \"jensen\"]|true",
            "emails[Type eq \"other\"]|false",
            "meta.lastModified gt \"2024-05-01T00:00:00Z\"|true",
            "meta.lastModified lt \"2024-05-13T06:42:34+01:00\"|true",
            "meta.created ge \"2024-01-23T04:56:22Z\"|true",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department eq \"sales\"|true",
            "department eq \"Sales\"|true",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value eq \"m1\"|true",
            "not (userName eq \"bjensen\") or title pr|true",
            "not (userName eq \"bjensen\" or title pr)|false",
            "userName eq \"x\" or (active eq true and name.givenName eq \"barbara\")|true"})
    void evaluatesWithRfcSemantics(String filter, boolean expected) {
        assertThat(matches(filter)).as(filter).isEqualTo(expected);
    }

    @Test
    void unknownAttributeIsInvalidFilter() {
        assertThatThrownBy(() -> matches("shoeSize eq \"42\""))
                .isInstanceOfSatisfying(ScimException.class, e -> assertThat(e.scimType()).isEqualTo("invalidFilter"))
                .hasMessageContaining("shoeSize");
        assertThatThrownBy(() -> matches("emails[colour eq \"red\"]")).isInstanceOf(ScimException.class).hasMessageContaining("colour");
        assertThatThrownBy(() -> matches("name.shoe eq \"x\"")).isInstanceOf(ScimException.class);
        assertThatThrownBy(() -> matches("urn:example:unknown:attr eq \"x\"")).isInstanceOf(ScimException.class);
    }

    @Test
    void complexAttributeCannotBeCompared() {
        assertThatThrownBy(() -> matches("name eq \"x\"")).isInstanceOf(ScimException.class).hasMessageContaining("complex");
    }

    @Test
    void canonicalizationFixesCase() {
        Filter canonical = USERS.canonicalize(FilterParser.parse("EMAILS[TYPE eq \"work\"].VALUE eq \"x\""));

        assertThat(canonical).hasToString(new FilterEvaluator(ResourceType.USER)
                .canonicalize(FilterParser.parse("emails[type eq \"work\" and value eq \"x\"]")).toString());
    }

    @Test
    void groupFiltersKnowMembers() {
        FilterEvaluator groups = new FilterEvaluator(ResourceType.GROUP);
        JsonNode group = json("{\"displayName\":\"Sales\",\"members\":[{\"value\":\"u1\"}]}");

        assertThat(groups.matches(groups.canonicalize(FilterParser.parse("members[value eq \"u1\"] and displayName eq \"sales\"")), group)).isTrue();
        assertThatThrownBy(() -> groups.canonicalize(FilterParser.parse("userName eq \"x\""))).isInstanceOf(ScimException.class);
    }
}
