package dev.ssobundle.brokers;

import jakarta.ws.rs.core.Response;

/** A request the onboarding API refuses, with the status and the reason the caller sees. */
final class CustomerInputException extends RuntimeException {

    private final Response.Status status;

    CustomerInputException(Response.Status status, String message) {
        super(message);
        this.status = status;
    }

    static CustomerInputException badRequest(String message) {
        return new CustomerInputException(Response.Status.BAD_REQUEST, message);
    }

    static CustomerInputException conflict(String message) {
        return new CustomerInputException(Response.Status.CONFLICT, message);
    }

    Response.Status status() {
        return status;
    }
}
