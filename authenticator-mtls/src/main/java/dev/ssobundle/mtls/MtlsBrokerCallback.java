package dev.ssobundle.mtls;

import jakarta.ws.rs.core.Response;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import org.keycloak.broker.provider.BrokeredIdentityContext;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * What {@link MtlsBrokerEndpoint} needs from Keycloak's brokering callback. Keycloak 26.5 moved that
 * callback to {@code UserAuthenticationIdentityProvider.AuthenticationCallback} (26.4:
 * {@code IdentityProvider.AuthenticationCallback}, same methods, another type), so each line's identity
 * provider class wraps its own callback in this interface and the login logic is written once.
 */
public interface MtlsBrokerCallback {

    /** The login's authentication session for the broker {@code state}; a refusal page as WebApplicationException if none. */
    AuthenticationSessionModel authenticationSession(String state);

    /** Back to the login page with a localized message. */
    Response error(IdentityProviderModel config, String messageKey);

    /** Hands the certificate's identity to Keycloak (login, first broker login or account linking), with this provider as its IdP. */
    Response authenticated(BrokeredIdentityContext context);

    /**
     * A callback from the three operations of one line's callback type (its method references), and
     * {@code setIdp}, which names the provider in the context before {@code authenticated} hands it over:
     * {@code BrokeredIdentityContext.setIdp}'s parameter type differs between the lines too.
     */
    static MtlsBrokerCallback of(Function<String, AuthenticationSessionModel> authenticationSession,
                                 BiFunction<IdentityProviderModel, String, Response> error,
                                 Function<BrokeredIdentityContext, Response> authenticated,
                                 Consumer<BrokeredIdentityContext> setIdp) {
        return new MtlsBrokerCallback() {
            @Override
            public AuthenticationSessionModel authenticationSession(String state) {
                return authenticationSession.apply(state);
            }

            @Override
            public Response error(IdentityProviderModel config, String messageKey) {
                return error.apply(config, messageKey);
            }

            @Override
            public Response authenticated(BrokeredIdentityContext context) {
                setIdp.accept(context);
                return authenticated.apply(context);
            }
        };
    }
}
