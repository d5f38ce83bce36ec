package dev.ssobundle.scim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.keycloak.scim.services.ScimRealmResourceFactory;

class ScimResourceProviderFactoryTest {

    /**
     * Keycloak keeps, per realm resource id, the factory with the higher order. Compared with Keycloak's
     * own preview SCIM factory (the pinned version's class, not a remembered constant): same id, ours
     * ranks higher. ScimPrecedenceIT shows the outcome on a running server with the preview on.
     */
    @Test
    void outranksKeycloaksPreviewScimAtTheSamePath() {
        ScimResourceProviderFactory ours = new ScimResourceProviderFactory();
        ScimRealmResourceFactory keycloaks = new ScimRealmResourceFactory();

        assertThat(ours.getId()).isEqualTo(keycloaks.getId());
        assertThat(ours.order()).isGreaterThan(keycloaks.order());
    }
}
