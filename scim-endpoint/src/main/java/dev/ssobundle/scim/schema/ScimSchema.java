package dev.ssobundle.scim.schema;

import dev.ssobundle.scim.filter.AttributePath;
import java.util.List;

/**
 * The resource schemas this server implements (RFC 7643 §4, §8.7), with case-insensitive name
 * resolution: a path resolves to its canonical attribute or to {@code null} when unknown.
 */
public record ScimSchema(String urn, String name, String description, List<Attribute> attributes) {

    public static final String USER = "urn:ietf:params:scim:schemas:core:2.0:User";
    public static final String ENTERPRISE_USER = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    public static final String GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";

    private static final Attribute ID = new Attribute("id", Attribute.Type.STRING, false, true, Attribute.Mutability.READ_ONLY,
            Attribute.Returned.ALWAYS, "server", List.of(), "Unique identifier of the resource, assigned by the service provider.");
    private static final Attribute EXTERNAL_ID = Attribute.string("externalId", "Identifier of the resource in the provisioning client.").asCaseExact();
    private static final Attribute META = Attribute.complex("meta", false, "Resource metadata.",
            Attribute.string("resourceType", "Name of the resource type."),
            Attribute.string("created", "When the resource was added.").ofType(Attribute.Type.DATETIME),
            Attribute.string("lastModified", "When the resource was last changed.").ofType(Attribute.Type.DATETIME),
            Attribute.string("location", "URI of the resource.").ofType(Attribute.Type.REFERENCE),
            Attribute.string("version", "Entity tag of the resource.").asCaseExact()).readOnly();

    private static Attribute multi(String name, String description, Attribute... extraSubs) {
        Attribute[] subs = new Attribute[4 + extraSubs.length];
        subs[0] = Attribute.string("value", "The value.");
        subs[1] = Attribute.string("display", "Human-readable name.");
        subs[2] = Attribute.string("type", "Label, e.g. work or home.");
        subs[3] = Attribute.bool("primary", "The preferred value.");
        System.arraycopy(extraSubs, 0, subs, 4, extraSubs.length);
        return Attribute.complex(name, true, description, subs);
    }

    public static final ScimSchema USER_SCHEMA = new ScimSchema(USER, "User", "User Account", List.of(
            ID, EXTERNAL_ID, META,
            Attribute.string("userName", "Unique identifier for the user, matched case-insensitively.").uniqueOnServer(),
            Attribute.complex("name", false, "The components of the user's name.",
                    Attribute.string("formatted", "Full name."),
                    Attribute.string("familyName", "Family name."),
                    Attribute.string("givenName", "Given name."),
                    Attribute.string("middleName", "Middle name."),
                    Attribute.string("honorificPrefix", "Honorific prefix."),
                    Attribute.string("honorificSuffix", "Honorific suffix.")),
            Attribute.string("displayName", "Name suitable for display."),
            Attribute.string("nickName", "Casual name."),
            Attribute.string("profileUrl", "Profile URL.").ofType(Attribute.Type.REFERENCE),
            Attribute.string("title", "Job title."),
            Attribute.string("userType", "Relationship to the organization."),
            Attribute.string("preferredLanguage", "Preferred language."),
            Attribute.string("locale", "Locale."),
            Attribute.string("timezone", "Time zone."),
            Attribute.bool("active", "Whether the user may sign in (Keycloak's enabled flag)."),
            Attribute.string("password", "Write-only password.").writeOnly(),
            multi("emails", "Email addresses; the primary (else work, else first) is Keycloak's email."),
            multi("phoneNumbers", "Phone numbers."),
            multi("ims", "Instant messaging addresses."),
            multi("photos", "Photo URLs."),
            Attribute.complex("addresses", true, "Physical addresses.",
                    Attribute.string("formatted", "Full address."),
                    Attribute.string("streetAddress", "Street."),
                    Attribute.string("locality", "City."),
                    Attribute.string("region", "State or region."),
                    Attribute.string("postalCode", "Postal code."),
                    Attribute.string("country", "Country."),
                    Attribute.string("type", "Label, e.g. work or home."),
                    Attribute.bool("primary", "The preferred address.")),
            Attribute.complex("groups", true, "Groups the user belongs to (read-only; change through Groups).",
                    Attribute.string("value", "Group id."),
                    Attribute.string("$ref", "Group URI.").ofType(Attribute.Type.REFERENCE),
                    Attribute.string("display", "Group name."),
                    Attribute.string("type", "direct")).readOnly(),
            multi("entitlements", "Entitlements."),
            multi("roles", "Roles."),
            multi("x509Certificates", "Certificates.")));

    public static final ScimSchema ENTERPRISE_SCHEMA = new ScimSchema(ENTERPRISE_USER, "EnterpriseUser", "Enterprise User", List.of(
            Attribute.string("employeeNumber", "Employee number."),
            Attribute.string("costCenter", "Cost center."),
            Attribute.string("organization", "Organization."),
            Attribute.string("division", "Division."),
            Attribute.string("department", "Department."),
            Attribute.complex("manager", false, "The user's manager.",
                    Attribute.string("value", "Manager's id.").asCaseExact(),
                    Attribute.string("$ref", "Manager's URI.").ofType(Attribute.Type.REFERENCE),
                    Attribute.string("displayName", "Manager's display name."))));

    public static final ScimSchema GROUP_SCHEMA = new ScimSchema(GROUP, "Group", "Group", List.of(
            ID, EXTERNAL_ID, META,
            Attribute.string("displayName", "Group name (Keycloak's group name).").uniqueOnServer(),
            Attribute.complex("members", true, "Members of the group (users).",
                    Attribute.string("value", "Member id.").asCaseExact(),
                    Attribute.string("$ref", "Member URI.").ofType(Attribute.Type.REFERENCE),
                    Attribute.string("display", "Member name."),
                    Attribute.string("type", "User."))));

    public Attribute attribute(String attributeName) {
        for (Attribute attribute : attributes) {
            if (attribute.name().equalsIgnoreCase(attributeName)) {
                return attribute;
            }
        }
        return null;
    }

    /** A path resolved against a resource type: which schema holds it, the attribute and the sub-attribute. */
    public record Resolved(ScimSchema schema, Attribute attribute, Attribute subAttribute) {

        public boolean extension() {
            return schema == ENTERPRISE_SCHEMA;
        }

        public AttributePath canonicalPath() {
            return new AttributePath(extension() ? schema.urn() : null, attribute.name(), subAttribute == null ? null : subAttribute.name());
        }

        /** The attribute whose value is finally compared (the sub-attribute if there is one). */
        public Attribute leaf() {
            return subAttribute != null ? subAttribute : attribute;
        }
    }

    /** The resource types: User (core + enterprise extension) and Group. */
    public enum ResourceType {
        USER(USER_SCHEMA, ENTERPRISE_SCHEMA), GROUP(GROUP_SCHEMA, null);

        private final ScimSchema core;
        private final ScimSchema extension;

        ResourceType(ScimSchema core, ScimSchema extension) {
            this.core = core;
            this.extension = extension;
        }

        public ScimSchema core() {
            return core;
        }

        public ScimSchema extension() {
            return extension;
        }

        /** The schema named by a URN (case-insensitive), or null. */
        public ScimSchema schema(String schemaUrn) {
            if (core.urn().equalsIgnoreCase(schemaUrn)) {
                return core;
            }
            if (extension != null && extension.urn().equalsIgnoreCase(schemaUrn)) {
                return extension;
            }
            return null;
        }

        /** Resolves a path case-insensitively; null if the attribute or sub-attribute is unknown. */
        public Resolved resolve(AttributePath path) {
            ScimSchema schema;
            Attribute attribute;
            if (path.schemaUrn() != null) {
                schema = schema(path.schemaUrn());
                attribute = schema == null ? null : schema.attribute(path.attribute());
            } else {
                schema = core;
                attribute = core.attribute(path.attribute());
                if (attribute == null && extension != null) {
                    schema = extension;
                    attribute = extension.attribute(path.attribute());
                }
            }
            if (attribute == null) {
                return null;
            }
            Attribute sub = null;
            if (path.subAttribute() != null) {
                sub = attribute.sub(path.subAttribute());
                if (sub == null) {
                    return null;
                }
            }
            return new Resolved(schema, attribute, sub);
        }

        /** Resolves a sub-attribute path used inside a value filter {@code attr[...]}. */
        public Resolved resolveWithin(Resolved parent, AttributePath inner) {
            if (inner.schemaUrn() != null || inner.subAttribute() != null) {
                return null;
            }
            Attribute sub = parent.attribute().sub(inner.attribute());
            return sub == null ? null : new Resolved(parent.schema(), parent.attribute(), sub);
        }
    }
}
