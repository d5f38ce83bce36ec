package dev.ssobundle.password;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parts of an OpenBSD-style bcrypt string ({@code $2b$10$<22 salt chars><31 hash chars>}) that
 * must be checked before the (deliberately slow) hash is run: version and cost.
 */
public record BcryptHash(String version, int cost) {

    /** Versions Node's {@code bcrypt}, PHP and OpenBSD write; all hash the same way for UTF-8 input. */
    private static final Pattern FORMAT = Pattern.compile("\\$(2[aby])\\$(\\d{2})\\$[./A-Za-z0-9]{53}");

    /** bcrypt's own lower bound (2^4 rounds). */
    public static final int MIN_COST = 4;

    /**
     * Parses a stored hash.
     *
     * @throws IllegalArgumentException naming what is wrong (never echoing the hash)
     */
    public static BcryptHash parse(String stored) {
        if (stored == null || stored.isEmpty()) {
            throw new IllegalArgumentException("empty bcrypt hash");
        }
        Matcher matcher = FORMAT.matcher(stored);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("not a $2a$/$2b$/$2y$ bcrypt hash of 60 characters (length " + stored.length() + ")");
        }
        return new BcryptHash(matcher.group(1), Integer.parseInt(matcher.group(2)));
    }

    /**
     * Parses a stored hash and refuses costs outside [{@value #MIN_COST}, maxCost]: each cost step doubles
     * the work, so an imported cost of 31 would let every login attempt pin a CPU for days.
     */
    public static BcryptHash parseWithCostLimit(String stored, int maxCost) {
        BcryptHash hash = parse(stored);
        if (hash.cost < MIN_COST || hash.cost > maxCost) {
            throw new IllegalArgumentException("bcrypt cost " + hash.cost + " is outside the accepted range "
                    + MIN_COST + ".." + maxCost);
        }
        return hash;
    }
}
