package dev.ssobundle.compat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * A start-up job (run on Keycloak's post-migration event) over the realms, one transaction per realm: a
 * realm whose job fails, or loses a race with another node starting at the same time, costs only its own
 * transaction. The realm is the session's realm during its job, as request-time code expects.
 */
public final class RealmStartupJob {

    /** Why one realm's job did not complete: its name and the cause. */
    public interface Failure {
        void report(String realmName, RuntimeException cause);
    }

    private RealmStartupJob() {
    }

    public static void run(KeycloakSessionFactory factory, Predicate<RealmModel> realms, BiConsumer<KeycloakSession, RealmModel> job,
            Failure failure) {
        List<String[]> idsAndNames = new ArrayList<>();
        KeycloakModelUtils.runJobInTransaction(factory, session -> session.realms().getRealmsStream().filter(realms)
                .forEach(realm -> idsAndNames.add(new String[] {realm.getId(), realm.getName()})));
        for (String[] idAndName : idsAndNames) {
            try {
                KeycloakModelUtils.runJobInTransaction(factory, session -> {
                    RealmModel realm = session.realms().getRealm(idAndName[0]);
                    if (realm != null) {
                        session.getContext().setRealm(realm);
                        job.accept(session, realm);
                    }
                });
            } catch (RuntimeException e) {
                failure.report(idAndName[1], e);
            }
        }
    }
}
