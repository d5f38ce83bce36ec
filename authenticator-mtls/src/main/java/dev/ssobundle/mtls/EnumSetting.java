package dev.ssobundle.mtls;

/** An identity-provider setting whose value names one constant of an enum. */
final class EnumSetting {

    private EnumSetting() {
    }

    /**
     * The constant named by {@code value} (trimmed, case-insensitive). Unknown or blank configuration
     * falls back to {@code fallback} rather than failing every login.
     */
    static <E extends Enum<E>> E parse(String value, E fallback) {
        if (value != null) {
            for (E candidate : fallback.getDeclaringClass().getEnumConstants()) {
                if (candidate.name().equalsIgnoreCase(value.trim())) {
                    return candidate;
                }
            }
        }
        return fallback;
    }
}
