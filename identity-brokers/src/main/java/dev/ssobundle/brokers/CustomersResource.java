package dev.ssobundle.brokers;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * {@code /admin/realms/{realm}/customers}: onboard, list, read, change and remove the customers of
 * a brokering realm. Realm admins only: reads need view-identity-providers and view-realm, writes
 * manage-identity-providers and manage-realm. Errors are {@code {"error": "...", "errorMessage": "..."}}.
 */
public class CustomersResource {

    private static final Logger LOG = Logger.getLogger(CustomersResource.class);
    private static final ObjectMapper BODY_READER = new ObjectMapper();

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;
    private final AdminEventBuilder adminEvent;
    private final BrokersKeycloakAdapter keycloak;

    CustomersResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth, AdminEventBuilder adminEvent,
            BrokersKeycloakAdapter keycloak) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
        this.adminEvent = adminEvent;
        this.keycloak = keycloak;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response list() {
        requireView();
        return answer(() -> Response.ok(onboarding().list().toList()).build());
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response create(InputStream body) {
        requireManage();
        return answer(() -> {
            CustomerRepresentation created = onboarding().create(parse(body));
            return Response.created(session.getContext().getUri().getAbsolutePathBuilder().path(created.slug).build())
                    .entity(created).build();
        });
    }

    @GET
    @Path("{slug}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response get(@PathParam("slug") String slug) {
        requireView();
        return answer(() -> onboarding().get(slug).map(c -> Response.ok(c).build())
                .orElseGet(() -> error(Response.Status.NOT_FOUND, "no customer with slug '" + slug + "'")));
    }

    @PUT
    @Path("{slug}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response update(@PathParam("slug") String slug, InputStream body) {
        requireManage();
        return answer(() -> Response.ok(onboarding().update(slug, parse(body))).build());
    }

    @DELETE
    @Path("{slug}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response delete(@PathParam("slug") String slug) {
        requireManage();
        return answer(() -> onboarding().delete(slug) ? Response.noContent().build()
                : error(Response.Status.NOT_FOUND, "no customer with slug '" + slug + "'"));
    }

    /**
     * The body is read only after the permission check (so a caller without the roles learns
     * nothing about its format); unknown fields and malformed JSON are a 400 naming the problem.
     */
    private static CustomerRepresentation parse(InputStream body) {
        try {
            CustomerRepresentation customer = BODY_READER.readValue(body, CustomerRepresentation.class);
            if (customer == null) {
                throw CustomerInputException.badRequest("the request body must be a JSON customer object");
            }
            return customer;
        } catch (JsonProcessingException e) {
            throw CustomerInputException.badRequest("the request body is not a valid customer: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw CustomerInputException.badRequest("the request body could not be read");
        }
    }

    private CustomerOnboarding onboarding() {
        return new CustomerOnboarding(session, realm, keycloak, new CustomerAudit(session, adminEvent), CustomerPageMirror.of(session, realm));
    }

    private void requireView() {
        auth.realm().requireViewIdentityProviders();
        auth.realm().requireViewRealm();
    }

    private void requireManage() {
        auth.realm().requireManageIdentityProviders();
        auth.realm().requireManageRealm();
    }

    private Response answer(Supplier<Response> call) {
        try {
            return call.get();
        } catch (CustomerInputException e) {
            LOG.debugf("Realm %s: customer request refused (%s): %s", realm.getName(), e.status(), e.getMessage());
            return error(e.status(), e.getMessage());
        }
    }

    private static Response error(Response.Status status, String message) {
        String code = switch (status) {
            case CONFLICT -> "conflict";
            case NOT_FOUND -> "not_found";
            default -> "invalid_customer";
        };
        return Response.status(status).type(MediaType.APPLICATION_JSON)
                .entity(Map.of("error", code, "errorMessage", message)).build();
    }

}
