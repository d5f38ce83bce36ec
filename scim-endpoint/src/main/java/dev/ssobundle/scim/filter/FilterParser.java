package dev.ssobundle.scim.filter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.ssobundle.scim.ScimException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BinaryOperator;
import java.util.function.Supplier;

/**
 * Recursive-descent parser of the RFC 7644 §3.4.2.2 filter grammar, precedence {@code not} over
 * {@code and} over {@code or}, with grouping, value paths and Entra ID's
 * {@code emails[type eq "work"].value eq "x"} form (read as {@code emails[type eq "work" and value eq "x"]}).
 * Keywords and operators are case-insensitive. Any syntax error is a 400 {@code invalidFilter}.
 * Unquoted comparison values that are not {@code true/false/null} or a number are read as strings
 * (a leniency some clients, including Microsoft's reference tests, rely on).
 */
public final class FilterParser {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Bounds nesting so a hostile filter cannot exhaust the stack. */
    private static final int MAX_DEPTH = 32;
    public static final int MAX_LENGTH = 4096;

    private enum Kind { WORD, STRING, LPAREN, RPAREN, LBRACKET, RBRACKET, SUBATTR, END }

    private record Token(Kind kind, String text, int position) {
    }

    private final String input;
    private final List<Token> tokens;
    private int index;
    private int depth;

    private FilterParser(String input) {
        this.input = input;
        this.tokens = tokenize(input);
    }

    public static Filter parse(String filter) {
        if (filter == null || filter.isBlank()) {
            throw ScimException.invalidFilter("The filter is empty.");
        }
        if (filter.length() > MAX_LENGTH) {
            throw ScimException.invalidFilter("The filter is longer than " + MAX_LENGTH + " characters.");
        }
        FilterParser parser = new FilterParser(filter);
        Filter result = parser.parseOr();
        parser.expect(Kind.END, "end of filter");
        return result;
    }

    /** Parses a filter inside a PATCH value path, e.g. the {@code value eq "x"} of {@code members[value eq "x"]}. */
    static Filter parseValueFilter(String text) {
        return parse(text);
    }

    private Filter parseOr() {
        return leftAssociative("or", this::parseAnd, Filter.Or::new);
    }

    private Filter parseAnd() {
        return leftAssociative("and", this::parseUnary, Filter.And::new);
    }

    /** {@code operand (keyword operand)*}, grouped from the left: "or" binds looser than "and". */
    private Filter leftAssociative(String keyword, Supplier<Filter> operand, BinaryOperator<Filter> combine) {
        Filter left = operand.get();
        while (peekKeyword(keyword)) {
            index++;
            left = combine.apply(left, operand.get());
        }
        return left;
    }

    private Filter parseUnary() {
        if (++depth > MAX_DEPTH) {
            throw ScimException.invalidFilter("The filter nests deeper than " + MAX_DEPTH + " levels.");
        }
        try {
            Token token = peek();
            if (token.kind() == Kind.WORD && token.text().equalsIgnoreCase("not") && peekAt(1).kind() == Kind.LPAREN) {
                index++;
                return new Filter.Not(parseGroup());
            }
            if (token.kind() == Kind.LPAREN) {
                return parseGroup();
            }
            return parseAttributeExpression();
        } finally {
            depth--;
        }
    }

    private Filter parseGroup() {
        expect(Kind.LPAREN, "'('");
        Filter inner = parseOr();
        expect(Kind.RPAREN, "')'");
        return inner;
    }

    private Filter parseAttributeExpression() {
        Token token = expect(Kind.WORD, "an attribute name");
        AttributePath path = path(token);
        if (peek().kind() == Kind.LBRACKET) {
            index++;
            if (path.subAttribute() != null) {
                throw error(token, "a value path cannot follow a sub-attribute");
            }
            Filter inner = parseOr();
            expect(Kind.RBRACKET, "']'");
            Filter valuePath = new Filter.ValuePath(path, inner);
            if (peek().kind() == Kind.SUBATTR) {
                Token sub = tokens.get(index++);
                Filter subComparison = comparison(path(sub, sub.text()), sub);
                return new Filter.ValuePath(path, new Filter.And(inner, subComparison));
            }
            return valuePath;
        }
        return comparison(path, token);
    }

    private Filter comparison(AttributePath path, Token at) {
        Token operatorToken = expect(Kind.WORD, "an operator after '" + at.text() + "'");
        if (operatorToken.text().equalsIgnoreCase("pr")) {
            return new Filter.Present(path);
        }
        Filter.Operator operator = Filter.Operator.of(operatorToken.text());
        if (operator == null) {
            throw error(operatorToken, "unknown operator '" + operatorToken.text() + "'");
        }
        Token value = tokens.get(index);
        if (value.kind() != Kind.STRING && value.kind() != Kind.WORD) {
            throw error(value, "a comparison value is expected after '" + operatorToken.text() + "'");
        }
        index++;
        return new Filter.Comparison(path, operator, value(value));
    }

    private JsonNode value(Token token) {
        if (token.kind() == Kind.STRING) {
            return TextNode.valueOf(token.text());
        }
        String word = token.text();
        if (word.equalsIgnoreCase("true")) {
            return BooleanNode.TRUE;
        }
        if (word.equalsIgnoreCase("false")) {
            return BooleanNode.FALSE;
        }
        if (word.equalsIgnoreCase("null")) {
            return NullNode.instance;
        }
        if (word.matches("-?\\d+")) {
            try {
                return LongNode.valueOf(Long.parseLong(word));
            } catch (NumberFormatException tooLong) {
                return DecimalNode.valueOf(new BigDecimal(word));
            }
        }
        if (word.matches("-?\\d+(\\.\\d+)?([eE][+-]?\\d+)?")) {
            try {
                return DecimalNode.valueOf(new BigDecimal(word));
            } catch (NumberFormatException exponentOutOfRange) {
                // e.g. 1e99999999999: BigDecimal's exponent is an int
                throw ScimException.invalidFilter("The number " + word + " is out of range.");
            }
        }
        return TextNode.valueOf(word);
    }

    private AttributePath path(Token token) {
        return path(token, token.text());
    }

    private AttributePath path(Token token, String text) {
        if (!text.matches("(?i)(urn:[A-Za-z0-9:._-]+:)?[A-Za-z$][A-Za-z0-9_$-]*(\\.[A-Za-z$][A-Za-z0-9_$-]*)?")) {
            throw error(token, "'" + text + "' is not an attribute path");
        }
        try {
            return AttributePath.parse(text);
        } catch (IllegalArgumentException e) {
            throw error(token, e.getMessage());
        }
    }

    private boolean peekKeyword(String keyword) {
        Token token = peek();
        return token.kind() == Kind.WORD && token.text().equalsIgnoreCase(keyword);
    }

    private Token peek() {
        return tokens.get(index);
    }

    private Token peekAt(int offset) {
        return tokens.get(Math.min(index + offset, tokens.size() - 1));
    }

    private Token expect(Kind kind, String what) {
        Token token = tokens.get(index);
        if (token.kind() != kind) {
            throw error(token, what + " is expected");
        }
        index++;
        return token;
    }

    private ScimException error(Token token, String message) {
        String found = token.kind() == Kind.END ? "end of filter" : "'" + token.text() + "'";
        return ScimException.invalidFilter("Invalid filter at position " + (token.position() + 1) + " (" + found + "): " + message + ".");
    }

    private static List<Token> tokenize(String input) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        int n = input.length();
        while (i < n) {
            char c = input.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '(') {
                tokens.add(new Token(Kind.LPAREN, "(", i++));
            } else if (c == ')') {
                tokens.add(new Token(Kind.RPAREN, ")", i++));
            } else if (c == '[') {
                tokens.add(new Token(Kind.LBRACKET, "[", i++));
            } else if (c == ']') {
                tokens.add(new Token(Kind.RBRACKET, "]", i++));
                if (i < n && input.charAt(i) == '.') {
                    int start = ++i;
                    while (i < n && isWordChar(input.charAt(i))) {
                        i++;
                    }
                    if (start == i) {
                        throw ScimException.invalidFilter("Invalid filter at position " + start + ": a sub-attribute name is expected after '].'.");
                    }
                    tokens.add(new Token(Kind.SUBATTR, input.substring(start, i), start));
                }
            } else if (c == '"') {
                int start = i;
                i++;
                boolean escaped = false;
                while (i < n && (escaped || input.charAt(i) != '"')) {
                    escaped = !escaped && input.charAt(i) == '\\';
                    i++;
                }
                if (i >= n) {
                    throw ScimException.invalidFilter("Invalid filter at position " + (start + 1) + ": unterminated string.");
                }
                i++;
                tokens.add(new Token(Kind.STRING, decodeString(input.substring(start, i), start), start));
            } else if (isWordChar(c)) {
                int start = i;
                while (i < n && isWordChar(input.charAt(i))) {
                    i++;
                }
                tokens.add(new Token(Kind.WORD, input.substring(start, i), start));
            } else {
                throw ScimException.invalidFilter("Invalid filter at position " + (i + 1) + ": unexpected character '" + c + "'.");
            }
        }
        tokens.add(new Token(Kind.END, "", n));
        return tokens;
    }

    private static boolean isWordChar(char c) {
        return c > ' ' && c != '(' && c != ')' && c != '[' && c != ']' && c != '"';
    }

    private static String decodeString(String quoted, int position) {
        try {
            return JSON.readValue(quoted, String.class);
        } catch (Exception e) {
            throw ScimException.invalidFilter("Invalid filter at position " + (position + 1) + ": malformed string " + quoted + ".");
        }
    }
}
