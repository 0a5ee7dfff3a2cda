package dev.airlock.proxy.session;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Start-up values production is known to accept. PostgreSQL tries a session's start-up parameters
 * before it says ReadyForQuery, so a client learns of a bad TimeZone when it connects; Airlock
 * answers the start-up itself and attaches a production connection later. A session whose values
 * are all known here is ready at once; any other is tried on production first. Bounded, so a client
 * cycling through values makes Airlock try each, not remember them all. Shared by every session.
 */
final class AcceptedSettings {
    private static final int CAPACITY = 10_000;

    private final Set<String> accepted = ConcurrentHashMap.newKeySet();

    /** Starts with the values production runs with itself. */
    AcceptedSettings(Map<String, String> serverParameters) {
        add(serverParameters);
    }

    boolean containsAll(Map<String, String> values) {
        return values.entrySet().stream().allMatch(value -> accepted.contains(key(value.getKey(), value.getValue())));
    }

    void add(Map<String, String> values) {
        values.forEach((name, value) -> {
            if (accepted.size() < CAPACITY) {
                accepted.add(key(name, value));
            }
        });
    }

    private static String key(String name, String value) {
        return name + '\0' + value;
    }
}
