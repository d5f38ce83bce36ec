package dev.ssobundle.scim;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.jboss.logging.Logger;
import org.keycloak.models.ClientModel;
import org.keycloak.models.Constants;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;

/**
 * Decides what SCIM must never touch because it carries administrative power: any
 * {@code realm-management} client role, any composite containing one, and any role listed in the
 * realm attribute {@value ScimRealmSettings#PROTECTED_ROLES}. A group is privileged when it or a parent maps such a
 * role; a user is protected when their effective roles (groups and composites included) hold one,
 * or when it is a service account. One instance per request: answers are memoised.
 */
final class AdministrativePower {

    private static final Logger LOG = Logger.getLogger(AdministrativePower.class);

    private final KeycloakSession session;
    private final RealmModel realm;
    private List<RoleModel> protectedRoles;
    private Set<String> privilegedTopLevelGroupIds;

    AdministrativePower(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    List<RoleModel> protectedRoles() {
        if (protectedRoles == null) {
            List<RoleModel> roles = new ArrayList<>();
            ClientModel management = realm.getClientByClientId(Constants.REALM_MANAGEMENT_CLIENT_ID);
            if (management != null) {
                management.getRolesStream().forEach(roles::add);
            }
            for (String name : new ScimRealmSettings(realm).protectedRoles()) {
                RoleModel role = resolve(name);
                if (role == null) {
                    LOG.warnf("Realm %s: %s names role '%s', which does not exist; ignored.", realm.getName(), ScimRealmSettings.PROTECTED_ROLES, name);
                } else {
                    roles.add(role);
                }
            }
            protectedRoles = roles;
        }
        return protectedRoles;
    }

    private RoleModel resolve(String name) {
        int slash = name.indexOf('/');
        if (slash < 0) {
            return realm.getRole(name);
        }
        ClientModel client = realm.getClientByClientId(name.substring(0, slash));
        return client == null ? null : client.getRole(name.substring(slash + 1));
    }

    /** The role is protected or a composite that (transitively) contains a protected role. */
    boolean grantsPower(RoleModel role) {
        for (RoleModel power : protectedRoles()) {
            if (role.hasRole(power)) {
                return true;
            }
        }
        return false;
    }

    boolean isPrivileged(GroupModel group) {
        for (GroupModel g = group; g != null; g = g.getParent()) {
            try (Stream<RoleModel> mappings = g.getRoleMappingsStream()) {
                if (mappings.anyMatch(this::grantsPower)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Deleting a group deletes its subgroups: a privileged one below makes the whole subtree off-limits. */
    boolean hasPrivilegedSubgroup(GroupModel group) {
        try (Stream<GroupModel> children = group.getSubGroupsStream()) {
            return children.anyMatch(child -> isPrivileged(child) || hasPrivilegedSubgroup(child));
        }
    }

    /**
     * Ids of the top-level groups that map a power-granting role, found from the roles side (one
     * indexed query per such role), so listings can hide them without checking every group.
     */
    Set<String> privilegedTopLevelGroupIds() {
        if (privilegedTopLevelGroupIds == null) {
            Set<String> ids = new HashSet<>();
            Stream.concat(realm.getRolesStream(), realm.getClientsStream().flatMap(ClientModel::getRolesStream))
                    .filter(this::grantsPower).toList()
                    .forEach(role -> {
                        try (Stream<GroupModel> groups = session.groups().getGroupsByRoleStream(realm, role, null, null)) {
                            groups.filter(g -> g.getParentId() == null).forEach(g -> ids.add(g.getId()));
                        }
                    });
            privilegedTopLevelGroupIds = ids;
        }
        return privilegedTopLevelGroupIds;
    }

    /** Administrators (any power-granting role, through groups and composites too) and service accounts. */
    boolean isProtected(UserModel user) {
        if (user.getServiceAccountClientLink() != null) {
            return true;
        }
        for (RoleModel power : protectedRoles()) {
            if (user.hasRole(power)) {
                return true;
            }
        }
        return false;
    }
}
