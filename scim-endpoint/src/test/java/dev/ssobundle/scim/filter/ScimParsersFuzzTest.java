package dev.ssobundle.scim.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ssobundle.scim.ScimException;
import java.util.function.Consumer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Example;

/**
 * Hostile filters and PATCH paths (anything a SCIM client can put in {@code ?filter=} or an
 * operation's {@code path}) either parse or fail with the documented 400 {@link ScimException}
 * ({@code invalidFilter} / {@code invalidPath}); never another exception, never a stack overflow,
 * never time that grows faster than the input.
 */
class ScimParsersFuzzTest {

    private static final String GRAMMAR_CHARS = "()[]\".:$-_ \\aAeEnNoOpPrRtTqQwWsSuU019";

    @Provide
    Arbitrary<String> hostileText() {
        return Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(300),
                Arbitraries.strings().withChars(GRAMMAR_CHARS).ofMaxLength(300),
                grammarShaped(),
                grammarShaped().map(ScimParsersFuzzTest::mutate));
    }

    /** Random filters drawn from the RFC 7644 grammar, so the parser's deeper paths are reached. */
    @Provide
    Arbitrary<String> grammarShaped() {
        return Arbitraries.lazyOf(
                ScimParsersFuzzTest::comparison,
                () -> comparison().map(c -> "not (" + c + ")"),
                () -> Combinators.combine(grammarShaped(), Arbitraries.of("and", "or", "AND", "Or"), grammarShaped())
                        .as((l, op, r) -> l + " " + op + " " + r),
                () -> grammarShaped().map(f -> "(" + f + ")"),
                () -> grammarShaped().map(f -> "not (" + f + ")"),
                () -> Combinators.combine(Arbitraries.of("emails", "members", "addresses"), comparison())
                        .as((attr, inner) -> attr + "[" + inner + "]"));
    }

    private static Arbitrary<String> comparison() {
        Arbitrary<String> path = Arbitraries.of("userName", "name.givenName", "emails.value", "meta.lastModified", "active",
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber", "value", "type", "9bad", "a.b.c");
        Arbitrary<String> op = Arbitraries.of("eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le", "pr", "xx");
        Arbitrary<String> value = Arbitraries.oneOf(
                Arbitraries.strings().alpha().numeric().withChars(" \"\\\u00e9[]()").ofMaxLength(20).map(s -> "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\""),
                Arbitraries.of("true", "false", "null", "42", "-1.5e3", "99999999999999999999999", "bare", "\"\\u00e9\"", "\"\\x\""));
        return Combinators.combine(path, op, value).as((p, o, v) -> o.equals("pr") ? p + " pr" : p + " " + o + " " + v);
    }

    /** Damages a well-formed filter at a random spot (drop, duplicate or swap in a grammar character). */
    private static String mutate(String filter) {
        if (filter.isEmpty()) {
            return filter;
        }
        int at = Math.floorMod(filter.hashCode(), filter.length());
        char c = GRAMMAR_CHARS.charAt(Math.floorMod(filter.hashCode() >>> 7, GRAMMAR_CHARS.length()));
        return switch (Math.floorMod(filter.hashCode() >>> 13, 3)) {
            case 0 -> filter.substring(0, at) + filter.substring(at + 1);
            case 1 -> filter.substring(0, at) + c + filter.substring(at);
            default -> filter.substring(0, at) + c + filter.substring(at + 1);
        };
    }

    @Property(tries = 3000)
    void filterParserThrowsOnlyInvalidFilter(@ForAll("hostileText") String text) {
        Filter parsed = parseOrInvalid(() -> FilterParser.parse(text), "invalidFilter");
        if (parsed != null) {
            // Parsing is deterministic and grouping or negating an accepted filter keeps its meaning.
            assertThat(FilterParser.parse(text)).isEqualTo(parsed);
            assertThat(FilterParser.parse("(" + text + ")")).isEqualTo(parsed);
            assertThat(FilterParser.parse("not (" + text + ")")).isEqualTo(new Filter.Not(parsed));
        }
    }

    @Property(tries = 1000)
    void everyGrammarShapedFilterWithinTheLimitsParses(@ForAll("grammarShaped") String text) {
        boolean wellFormed = !text.contains(" xx ") && !text.contains("9bad") && !text.contains("a.b.c") && !text.contains("\\x");
        if (wellFormed && text.length() <= FilterParser.MAX_LENGTH && nesting(text) < 30) {
            assertThat(FilterParser.parse(text)).isNotNull();
        } else {
            parseOrInvalid(() -> FilterParser.parse(text), "invalidFilter");
        }
    }

    @Property(tries = 3000)
    void patchPathParserThrowsOnlyInvalidPath(@ForAll("hostileText") String text) {
        String[] shapes = {text, "members[" + text + "]", "emails[" + text + "].value", "urn:" + text, text + "]." + text};
        for (String shape : shapes) {
            PatchPath parsed = parseOrInvalid(() -> PatchPath.parse(shape), "invalidPath");
            if (parsed != null) {
                assertThat(PatchPath.parse(shape)).isEqualTo(parsed);
                assertThat(parsed.attribute().attribute()).isNotEmpty();
            }
        }
    }

    @Example
    void deepNestingUnderTheLengthCapIsRefusedByTheNestingGuard() {
        // 1,000 levels fit in the 4,096-character cap, so the nesting guard (not the length cap, not the stack) must refuse them.
        for (String hostile : new String[] {
                "(".repeat(1_000) + "a pr" + ")".repeat(1_000),
                "not (".repeat(600) + "a pr" + ")".repeat(600),
                "emails[".repeat(500) + "a pr" + "]".repeat(500),
                "(".repeat(4_000)}) {
            assertThat(hostile.length()).isLessThanOrEqualTo(FilterParser.MAX_LENGTH);
            assertThatThrownBy(() -> FilterParser.parse(hostile)).isInstanceOfSatisfying(ScimException.class, e -> {
                assertThat(e.scimType()).isEqualTo("invalidFilter");
                assertThat(e.getMessage()).contains("nests deeper than");
            });
            String path = "members[" + hostile + "]";
            assertThat(path.length()).isLessThanOrEqualTo(PatchPath.MAX_LENGTH);
            assertThatThrownBy(() -> PatchPath.parse(path)).isInstanceOfSatisfying(ScimException.class, e -> {
                assertThat(e.scimType()).isEqualTo("invalidPath");
                assertThat(e.getMessage()).contains("nests deeper than");
            });
        }
        // Just under the depth limit still parses: the limit, not the stack, decides.
        assertThat(FilterParser.parse("not (".repeat(20) + "a pr" + ")".repeat(20))).isNotNull();
    }

    /** Shapes that stress a parser: long literals, long chains, deep prefixes, long URNs, escapes, dotted names. */
    private static final String[][] STRESS_FAMILIES = {
            {"a", "userName eq \"", "\""},
            {"a pr and ", "", "a pr"},
            {"not (", "", "a pr"},
            {"(", "", "a pr"},
            {"a:", "urn:", "!"},
            {"a:", "urn:", ""},
            {"x", "", "["},
            {"\\\"", "userName eq \"", ""},
            {"aa.", "", "b pr"},
    };

    @SuppressWarnings("unchecked")
    private static final Consumer<String>[] PARSERS = new Consumer[] {
            (Consumer<String>) s -> parseOrInvalid(() -> FilterParser.parse(s), "invalidFilter"),
            (Consumer<String>) s -> parseOrInvalid(() -> PatchPath.parse(s), "invalidPath"),
            (Consumer<String>) s -> parseOrInvalid(() -> PatchPath.parse("members[" + s + "]"), "invalidPath")};

    private static String stressInput(String[] family, int length) {
        return family[1] + family[0].repeat(Math.max(1, (length - family[1].length() - family[2].length()) / family[0].length())) + family[2];
    }

    @Example
    void inputsUnderTheLengthCapTakeLinearTime() {
        for (String[] family : STRESS_FAMILIES) {
            for (Consumer<String> parser : PARSERS) {
                // "members[...]" adds 9 characters: keep both sizes under the cap for every parser, so both are really parsed.
                String small = stressInput(family, 400);
                String nearCap = stressInput(family, FilterParser.MAX_LENGTH - 16);
                assertThat(nearCap.length() + 9).isLessThanOrEqualTo(FilterParser.MAX_LENGTH);
                long smallNanos = bestOf(20, () -> parser.accept(small));
                long nearCapNanos = bestOf(20, () -> parser.accept(nearCap));
                // Linear time is 10x; 50x (plus a floor for timer noise on tiny inputs) allows a busy machine, and still catches a quadratic parser (100x).
                assertThat(nearCapNanos)
                        .as("%d-character input %s... vs %d", nearCap.length(), nearCap.substring(0, Math.min(30, nearCap.length())), small.length())
                        .isLessThanOrEqualTo(Math.max(50 * smallNanos, 5_000_000L));
            }
        }
    }

    @Example
    void inputsOverTheLengthCapAreRefusedBeforeParsing() {
        for (String[] family : STRESS_FAMILIES) {
            for (int length : new int[] {FilterParser.MAX_LENGTH + 1, 100_000, 1_000_000}) {
                String over = stressInput(family, length + 2);
                assertThat(over.length()).isGreaterThan(FilterParser.MAX_LENGTH);
                // The length message (not a parse error from deep inside) proves the cap answered before any parsing.
                assertThatThrownBy(() -> FilterParser.parse(over)).isInstanceOfSatisfying(ScimException.class, e -> {
                    assertThat(e.scimType()).isEqualTo("invalidFilter");
                    assertThat(e.getMessage()).isEqualTo("The filter is longer than 4096 characters.");
                });
                assertThatThrownBy(() -> PatchPath.parse(over)).isInstanceOfSatisfying(ScimException.class, e -> {
                    assertThat(e.scimType()).isEqualTo("invalidPath");
                    assertThat(e.getMessage()).isEqualTo("The PATCH path is longer than 4096 characters.");
                });
            }
        }
    }

    private static long bestOf(int runs, Runnable work) {
        long best = Long.MAX_VALUE;
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            work.run();
            best = Math.min(best, System.nanoTime() - start);
        }
        return best;
    }

    private static int nesting(String text) {
        int depth = 0;
        int max = 0;
        for (char c : text.toCharArray()) {
            if (c == '(' || c == '[') {
                max = Math.max(max, ++depth);
            } else if (c == ')' || c == ']') {
                depth--;
            }
        }
        return max;
    }

    /** Runs a parse; returns its result, or null when it failed the documented way; any other outcome fails the test. */
    private static <T> T parseOrInvalid(java.util.function.Supplier<T> parse, String scimType) {
        try {
            return parse.get();
        } catch (ScimException e) {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.scimType()).isEqualTo(scimType);
            assertThat(e.getMessage()).isNotBlank();
            return null;
        }
    }
}
