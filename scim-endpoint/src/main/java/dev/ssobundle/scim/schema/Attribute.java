package dev.ssobundle.scim.schema;

import java.util.List;

/** One attribute definition of RFC 7643 §7, enough to canonicalize names, coerce values and publish /Schemas. */
public record Attribute(String name, Type type, boolean multiValued, boolean caseExact, Mutability mutability,
        Returned returned, String uniqueness, List<Attribute> subAttributes, String description) {

    public enum Type { STRING, BOOLEAN, DATETIME, REFERENCE, COMPLEX, INTEGER }

    public enum Mutability { READ_ONLY, READ_WRITE, IMMUTABLE, WRITE_ONLY }

    public enum Returned { ALWAYS, NEVER, DEFAULT, REQUEST }

    static Attribute string(String name, String description) {
        return new Attribute(name, Type.STRING, false, false, Mutability.READ_WRITE, Returned.DEFAULT, "none", List.of(), description);
    }

    static Attribute bool(String name, String description) {
        return new Attribute(name, Type.BOOLEAN, false, false, Mutability.READ_WRITE, Returned.DEFAULT, "none", List.of(), description);
    }

    static Attribute complex(String name, boolean multiValued, String description, Attribute... subs) {
        return new Attribute(name, Type.COMPLEX, multiValued, false, Mutability.READ_WRITE, Returned.DEFAULT, "none", List.of(subs), description);
    }

    Attribute asCaseExact() {
        return new Attribute(name, type, multiValued, true, mutability, returned, uniqueness, subAttributes, description);
    }

    Attribute readOnly() {
        return new Attribute(name, type, multiValued, caseExact, Mutability.READ_ONLY, returned, uniqueness, subAttributes, description);
    }

    Attribute uniqueOnServer() {
        return new Attribute(name, type, multiValued, caseExact, mutability, returned, "server", subAttributes, description);
    }

    Attribute writeOnly() {
        return new Attribute(name, type, multiValued, caseExact, Mutability.WRITE_ONLY, Returned.NEVER, uniqueness, subAttributes, description);
    }

    Attribute ofType(Type newType) {
        return new Attribute(name, newType, multiValued, caseExact, mutability, returned, uniqueness, subAttributes, description);
    }

    public Attribute sub(String subName) {
        for (Attribute sub : subAttributes) {
            if (sub.name.equalsIgnoreCase(subName)) {
                return sub;
            }
        }
        return null;
    }

    public boolean isComplex() {
        return type == Type.COMPLEX;
    }
}
