package dev.ssobundle.scim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ScimErrorsTest {

    @Test
    void errorBodyFollowsRfc7644WithStatusAsString() {
        var body = ScimErrors.body(409, "uniqueness", "userName already exists");

        assertThat(body).containsEntry("schemas", List.of("urn:ietf:params:scim:api:messages:2.0:Error"))
                .containsEntry("status", "409")
                .containsEntry("scimType", "uniqueness")
                .containsEntry("detail", "userName already exists");
    }

    @Test
    void scimTypeIsOmittedWhenNotApplicable() {
        assertThat(ScimErrors.body(401, null, "no token")).doesNotContainKey("scimType");
    }
}
