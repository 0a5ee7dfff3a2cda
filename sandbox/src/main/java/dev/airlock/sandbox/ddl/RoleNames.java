package dev.airlock.sandbox.ddl;

import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The role names DDL is written with: production's names, except where the sandbox server plays a
 * production role through a stand-in. For display, {@link #AS_IS}.
 */
public record RoleNames(Map<String, String> standIns) implements UnaryOperator<String> {
    public static final RoleNames AS_IS = new RoleNames(Map.of());

    public RoleNames {
        standIns = Map.copyOf(standIns);
    }

    @Override
    public String apply(String productionName) {
        return standIns.getOrDefault(productionName, productionName);
    }
}
