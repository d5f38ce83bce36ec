package dev.ssobundle.mtls;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;

/**
 * A distinguished name written the way nginx writes {@code $ssl_client_s_dn} and {@code $ssl_client_i_dn}
 * (OpenSSL's {@code X509_NAME_print_ex} with {@code XN_FLAG_RFC2253}): last RDN first, a multi-valued
 * RDN's values last first too, joined by '+', OpenSSL's short attribute names, {@code ,+"\<>;} escaped,
 * UTF-8 bytes above 0x7F and control characters as {@code \XX}, unnamed attributes as
 * {@code OID=#<DER hex>}. Java's own RFC 2253 form differs (it escapes '=', reorders multi-valued
 * RDNs, keeps non-ASCII characters and names fewer attributes), so an identifier computed from a
 * pasted PEM would not match the one nginx sends.
 */
final class NginxDn {

    /** OpenSSL's short names (objects.txt) for the attributes certificates carry. */
    private static final Map<String, String> SHORT_NAMES = Map.ofEntries(
            Map.entry("2.5.4.3", "CN"), Map.entry("2.5.4.6", "C"), Map.entry("2.5.4.7", "L"), Map.entry("2.5.4.8", "ST"),
            Map.entry("2.5.4.10", "O"), Map.entry("2.5.4.11", "OU"), Map.entry("2.5.4.9", "street"),
            Map.entry("2.5.4.5", "serialNumber"), Map.entry("2.5.4.4", "SN"), Map.entry("2.5.4.42", "GN"),
            Map.entry("2.5.4.12", "title"), Map.entry("2.5.4.13", "description"), Map.entry("2.5.4.15", "businessCategory"),
            Map.entry("2.5.4.17", "postalCode"), Map.entry("2.5.4.41", "name"), Map.entry("2.5.4.43", "initials"),
            Map.entry("2.5.4.44", "generationQualifier"), Map.entry("2.5.4.46", "dnQualifier"), Map.entry("2.5.4.65", "pseudonym"),
            Map.entry("2.5.4.97", "organizationIdentifier"), Map.entry("0.9.2342.19200300.100.1.25", "DC"),
            Map.entry("0.9.2342.19200300.100.1.1", "UID"), Map.entry("1.2.840.113549.1.9.1", "emailAddress"),
            Map.entry("1.3.6.1.4.1.311.60.2.1.3", "jurisdictionC"), Map.entry("1.3.6.1.4.1.311.60.2.1.2", "jurisdictionST"),
            Map.entry("1.3.6.1.4.1.311.60.2.1.1", "jurisdictionL"));

    private NginxDn() {
    }

    static String of(X500Principal principal) {
        RDN[] rdns = X500Name.getInstance(principal.getEncoded()).getRDNs();
        StringBuilder out = new StringBuilder();
        for (int i = rdns.length - 1; i >= 0; i--) {
            if (out.length() > 0) {
                out.append(',');
            }
            AttributeTypeAndValue[] values = rdns[i].getTypesAndValues();
            // OpenSSL walks every entry backwards (XN_FLAG_DN_REV), the values of a multi-valued RDN too.
            for (int j = values.length - 1; j >= 0; j--) {
                if (j < values.length - 1) {
                    out.append('+');
                }
                append(out, values[j]);
            }
        }
        return out.toString();
    }

    private static void append(StringBuilder out, AttributeTypeAndValue value) {
        ASN1ObjectIdentifier type = value.getType();
        String shortName = SHORT_NAMES.get(type.getId());
        if (shortName == null || !(value.getValue() instanceof ASN1String text)) {
            out.append(shortName == null ? type.getId() : shortName).append("=#");
            try {
                out.append(HexFormat.of().withUpperCase().formatHex(value.getValue().toASN1Primitive().getEncoded(ASN1Encoding.DER)));
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
            return;
        }
        out.append(shortName).append('=');
        byte[] bytes = text.getString().getBytes(StandardCharsets.UTF_8);
        for (int k = 0; k < bytes.length; k++) {
            int b = bytes[k] & 0xFF;
            boolean first = k == 0;
            boolean last = k == bytes.length - 1;
            if (b > 0x7F || b < 0x20 || b == 0x7F) {
                out.append('\\').append(String.format("%02X", b));
            } else if (",+\"\\<>;".indexOf(b) >= 0 || (first && (b == '#' || b == ' ')) || (last && b == ' ')) {
                out.append('\\').append((char) b);
            } else {
                out.append((char) b);
            }
        }
    }
}
