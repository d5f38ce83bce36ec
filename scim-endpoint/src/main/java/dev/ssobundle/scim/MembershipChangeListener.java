package dev.ssobundle.scim;

import java.util.HashSet;
import java.util.Set;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderEvent;
import org.keycloak.provider.ProviderEventListener;

/**
 * Stamps a group's {@code scimLastModified} when a user joins or leaves it by any path (admin
 * console, admin API, SCIM, identity-provider mappers), so the group's SCIM version changes with
 * its members. Only in realms that use SCIM (the provisioning role exists), and once per group
 * per session: one changed stamp is enough to make every earlier ETag stale, and a bulk change
 * of 10,000 members stays one write.
 */
final class MembershipChangeListener implements ProviderEventListener {

    private static final String STAMPED_GROUPS = MembershipChangeListener.class.getName() + ".stamped";

    @Override
    public void onEvent(ProviderEvent event) {
        if (event instanceof GroupModel.GroupMemberJoinEvent || event instanceof GroupModel.GroupMemberLeaveEvent) {
            GroupModel.GroupEvent change = (GroupModel.GroupEvent) event;
            changed(change.getKeycloakSession(), change.getRealm(), change.getGroup());
        }
    }

    private static void changed(KeycloakSession session, RealmModel realm, GroupModel group) {
        if (session == null || realm == null || group == null || realm.getRole(ScimAuthenticator.PROVISIONING_ROLE) == null) {
            return;
        }
        @SuppressWarnings("unchecked")
        Set<String> stamped = session.getAttribute(STAMPED_GROUPS, Set.class);
        if (stamped == null) {
            stamped = new HashSet<>();
            session.setAttribute(STAMPED_GROUPS, stamped);
        }
        if (stamped.add(group.getId())) {
            // through the group provider, so the realm cache sees the change (the event may carry a storage-level adapter)
            GroupModel cached = session.groups().getGroupById(realm, group.getId());
            if (cached != null) {
                GroupMapper.touch(cached);
            }
        }
    }
}
