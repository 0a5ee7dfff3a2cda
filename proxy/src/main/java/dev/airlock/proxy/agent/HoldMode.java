package dev.airlock.proxy.agent;

import java.util.Locale;

/**
 * What an agent's session is told when it sends a change (DESIGN §3): {@code notice} answers at
 * once with the sandbox's result and a notice naming the change; {@code wait} blocks the
 * statement until the change is applied on production (production's result) or settles otherwise
 * (an error); {@code error} answers at once with an error naming the change.
 */
public enum HoldMode {
    NOTICE, WAIT, ERROR;

    /** The mode named {@code text} (case-insensitive), or an IllegalArgumentException naming the choices. */
    public static HoldMode parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text + "' is not a hold mode (notice, wait, error)");
        }
    }

    public String settingValue() {
        return name().toLowerCase(Locale.ROOT);
    }
}
