package dev.ssobundle.scim.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.ssobundle.scim.ScimException;
import dev.ssobundle.scim.filter.Filter.And;
import dev.ssobundle.scim.filter.Filter.Comparison;
import dev.ssobundle.scim.filter.Filter.Not;
import dev.ssobundle.scim.filter.Filter.Operator;
import dev.ssobundle.scim.filter.Filter.Or;
import dev.ssobundle.scim.filter.Filter.Present;
import dev.ssobundle.scim.filter.Filter.ValuePath;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FilterParserTest {

    private static AttributePath path(String text) {
        return AttributePath.parse(text);
    }

    @Nested
    class Comparisons {

        @ParameterizedTest
        @ValueSource(strings = {"eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le", "EQ", "Eq"})
        void everyOperatorParsesCaseInsensitively(String op) {
            Filter filter = FilterParser.parse("userName " + op + " \"bjensen\"");

            assertThat(filter).isEqualTo(new Comparison(path("userName"), Operator.valueOf(op.toUpperCase()), TextNode.valueOf("bjensen")));
        }

        @Test
        void presentHasNoValue() {
            assertThat(FilterParser.parse("title pr")).isEqualTo(new Present(path("title")));
            assertThat(FilterParser.parse("title PR")).isEqualTo(new Present(path("title")));
        }

        @Test
        void literalsBecomeTypedValues() {
            assertThat(((Comparison) FilterParser.parse("active eq true")).value()).isEqualTo(BooleanNode.TRUE);
            assertThat(((Comparison) FilterParser.parse("active eq False")).value()).isEqualTo(BooleanNode.FALSE);
            assertThat(((Comparison) FilterParser.parse("title eq null")).value()).isEqualTo(NullNode.instance);
            assertThat(((Comparison) FilterParser.parse("x eq 42")).value()).isEqualTo(LongNode.valueOf(42));
        }

        @Test
        void stringsUseJsonEscapes() {
            Comparison filter = (Comparison) FilterParser.parse("displayName eq \"a \\\"quoted\\\" name \\u00e9\"");

            assertThat(filter.value().asText()).isEqualTo("a \"quoted\" name \u00e9");
        }

        @Test
        void subAttributeAndSchemaUrnPaths() {
            assertThat(((Comparison) FilterParser.parse("name.familyName co \"O'Malley\"")).path())
                    .isEqualTo(new AttributePath(null, "name", "familyName"));
            assertThat(((Comparison) FilterParser.parse("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department eq \"Sales\"")).path())
                    .isEqualTo(new AttributePath("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User", "department", null));
            assertThat(((Comparison) FilterParser.parse("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value eq \"x\"")).path())
                    .isEqualTo(new AttributePath("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User", "manager", "value"));
        }

        @Test
        void unquotedWordsAreReadAsStringsForLenientClients() {
            assertThat(((Comparison) FilterParser.parse("userName sw O")).value()).isEqualTo(TextNode.valueOf("O"));
        }
    }

    @Nested
    class Logic {

        @Test
        void andBindsTighterThanOr() {
            Filter filter = FilterParser.parse("a eq \"1\" or b eq \"2\" and c eq \"3\"");

            assertThat(filter).isEqualTo(new Or(
                    new Comparison(path("a"), Operator.EQ, TextNode.valueOf("1")),
                    new And(new Comparison(path("b"), Operator.EQ, TextNode.valueOf("2")), new Comparison(path("c"), Operator.EQ, TextNode.valueOf("3")))));
        }

        @Test
        void parenthesesGroup() {
            Filter filter = FilterParser.parse("(a eq \"1\" or b eq \"2\") and c pr");

            assertThat(filter).isEqualTo(new And(
                    new Or(new Comparison(path("a"), Operator.EQ, TextNode.valueOf("1")), new Comparison(path("b"), Operator.EQ, TextNode.valueOf("2"))),
                    new Present(path("c"))));
        }

        @Test
        void notNegatesAGroup() {
            assertThat(FilterParser.parse("not (a pr) AND b pr"))
                    .isEqualTo(new And(new Not(new Present(path("a"))), new Present(path("b"))));
        }

        @Test
        void rfcExampleWithMixedLogic() {
            Filter filter = FilterParser.parse("userType eq \"Employee\" and (emails co \"example.com\" or emails.value co \"example.org\")");

            assertThat(filter).isInstanceOf(And.class);
            assertThat(((And) filter).right()).isInstanceOf(Or.class);
        }
    }

    @Nested
    class ValuePaths {

        @Test
        void valueFilterOnMultiValuedAttribute() {
            Filter filter = FilterParser.parse("emails[type eq \"work\" and value co \"@example.com\"]");

            assertThat(filter).isEqualTo(new ValuePath(path("emails"), new And(
                    new Comparison(path("type"), Operator.EQ, TextNode.valueOf("work")),
                    new Comparison(path("value"), Operator.CO, TextNode.valueOf("@example.com")))));
        }

        @Test
        void entraSubAttributeAfterValueFilterJoinsTheFilter() {
            Filter filter = FilterParser.parse("emails[type eq \"work\"].value eq \"a@b.c\"");

            assertThat(filter).isEqualTo(new ValuePath(path("emails"), new And(
                    new Comparison(path("type"), Operator.EQ, TextNode.valueOf("work")),
                    new Comparison(path("value"), Operator.EQ, TextNode.valueOf("a@b.c")))));
        }

        @Test
        void valuePathCombinesWithOtherExpressions() {
            Filter filter = FilterParser.parse("id eq \"g1\" and members[value eq \"u1\"]");

            assertThat(filter).isInstanceOf(And.class);
            assertThat(((And) filter).right()).isInstanceOf(ValuePath.class);
        }
    }

    @Nested
    class Errors {

        @ParameterizedTest
        @ValueSource(strings = {"", "   ", "userName", "userName eq", "userName xx \"a\"", "(userName eq \"a\"", "userName eq \"a\")",
                "userName eq \"unterminated", "emails[type eq \"work\"", "and eq \"a\" or", "userName eq \"a\" extra",
                "not userName eq \"a\"", "emails[type eq \"w\"]. eq \"x\"", "a.b.c eq \"x\"", "user name eq \"x\"", "userName eq \"a\" or",
                "title eq 1e99999999999", "title gt -2E-3000000000"})
        void malformedFiltersAreInvalidFilter(String filter) {
            assertThatThrownBy(() -> FilterParser.parse(filter))
                    .isInstanceOfSatisfying(ScimException.class, e -> {
                        assertThat(e.status()).isEqualTo(400);
                        assertThat(e.scimType()).isEqualTo("invalidFilter");
                        assertThat(e.getMessage()).isNotBlank();
                    });
        }

        @Test
        void deepNestingIsRefused() {
            String filter = "(".repeat(100) + "a pr" + ")".repeat(100);

            assertThatThrownBy(() -> FilterParser.parse(filter)).isInstanceOf(ScimException.class).hasMessageContaining("nests deeper");
        }

        @Test
        void errorNamesThePosition() {
            assertThatThrownBy(() -> FilterParser.parse("userName zz \"a\"")).hasMessageContaining("position 10").hasMessageContaining("unknown operator 'zz'");
        }
    }
}
