package dev.airlock.proxy.catalog;

import java.util.List;

/**
 * A user-defined type that a cast or literal can name: domains with their CHECK expressions, and
 * whether a user-defined cast with a function reaches or leaves it.
 */
public record TypeInfo(long oid, String schema, String name, char type, List<String> checkExpressions,
        List<Long> castFunctions) {

    public TypeInfo {
        checkExpressions = List.copyOf(checkExpressions);
        castFunctions = List.copyOf(castFunctions);
    }
}
