package dev.ssobundle.scim.filter;

import com.fasterxml.jackson.databind.JsonNode;

/** Abstract syntax of an RFC 7644 §3.4.2.2 filter. */
public sealed interface Filter {

    enum Operator {
        EQ, NE, CO, SW, EW, GT, GE, LT, LE;

        static Operator of(String word) {
            for (Operator op : values()) {
                if (op.name().equalsIgnoreCase(word)) {
                    return op;
                }
            }
            return null;
        }
    }

    /** {@code attrPath op value}. */
    record Comparison(AttributePath path, Operator operator, JsonNode value) implements Filter {
    }

    /** {@code attrPath pr}. */
    record Present(AttributePath path) implements Filter {
    }

    record And(Filter left, Filter right) implements Filter {
    }

    record Or(Filter left, Filter right) implements Filter {
    }

    record Not(Filter inner) implements Filter {
    }

    /**
     * {@code attr[inner]}: some value of the multi-valued {@code attr} matches {@code inner}, whose
     * paths are sub-attributes of {@code attr}.
     */
    record ValuePath(AttributePath path, Filter inner) implements Filter {
    }
}
