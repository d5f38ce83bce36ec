package dev.ssobundle.scim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ScimResourceProviderFactoryTest {

    /** Keycloak keeps, per provider id, the factory with the higher order: ours must beat the preview SCIM's default 0. */
    @Test
    void outranksKeycloaksPreviewScimAtTheSamePath() {
        ScimResourceProviderFactory factory = new ScimResourceProviderFactory();

        assertThat(factory.getId()).isEqualTo("scim");
        assertThat(factory.order()).isGreaterThan(0);
    }
}
