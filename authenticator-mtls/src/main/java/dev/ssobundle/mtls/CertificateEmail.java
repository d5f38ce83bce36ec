package dev.ssobundle.mtls;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/** The e-mail address a subject DN carries (emailAddress / E / 1.2.840.113549.1.9.1 attribute). */
public final class CertificateEmail {

    private static final Pattern PLAUSIBLE_EMAIL = Pattern.compile("[^@\\s,]+@[^@\\s,]+\\.[^@\\s,]+");

    private CertificateEmail() {
    }

    /** nginx prints {@code $ssl_client_s_dn} in RFC 2253 form, which LdapName parses. */
    public static Optional<String> fromSubjectDn(String subjectDn) {
        if (subjectDn == null) {
            return Optional.empty();
        }
        try {
            for (Rdn rdn : new LdapName(subjectDn).getRdns()) {
                String type = rdn.getType().toLowerCase(Locale.ROOT);
                if (type.equals("emailaddress") || type.equals("e") || type.equals("1.2.840.113549.1.9.1")) {
                    String value = String.valueOf(rdn.getValue()).trim();
                    if (PLAUSIBLE_EMAIL.matcher(value).matches()) {
                        return Optional.of(value.toLowerCase(Locale.ROOT));
                    }
                }
            }
        } catch (InvalidNameException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }
}
