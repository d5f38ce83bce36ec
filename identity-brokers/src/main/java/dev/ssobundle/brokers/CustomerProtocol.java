package dev.ssobundle.brokers;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** How a customer's users authenticate. */
public enum CustomerProtocol {
    ADFS, SAML, ENTRA, OIDC, GOOGLE, LDAP;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean isSaml() {
        return this == ADFS || this == SAML;
    }

    public static Optional<CustomerProtocol> fromWire(String value) {
        return Arrays.stream(values()).filter(p -> p.wireName().equals(value)).findFirst();
    }

    public static String allWireNames() {
        return Arrays.stream(values()).map(CustomerProtocol::wireName).collect(Collectors.joining(", "));
    }
}
