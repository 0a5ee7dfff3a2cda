package dev.airlock.proxy.gate;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What the read prover found in a query: the worst thing it calls or touches, with the first
 * reason at that level, and the relations, functions and operators it met on the way.
 */
final class Proof {
    private FunctionSafety level = FunctionSafety.SAFE;
    private StatementKind changeKind = StatementKind.DML_CHANGE;
    private String reason;
    private final Set<String> reads = new LinkedHashSet<>();
    private final Set<String> functions = new LinkedHashSet<>();
    private final Set<String> operators = new LinkedHashSet<>();

    void change(String why) {
        raise(FunctionSafety.CHANGE, why);
    }

    void schemaChange(String why) {
        if (level == FunctionSafety.SAFE) {
            changeKind = StatementKind.DDL_CHANGE;
        }
        raise(FunctionSafety.CHANGE, why);
    }

    void forbid(String why) {
        raise(FunctionSafety.FORBIDDEN, why);
    }

    void raise(FunctionSafety safety, String why) {
        if (safety.ordinal() > level.ordinal()) {
            level = safety;
            reason = why;
        }
    }

    /** Takes in what a nested proof (a view, a policy) found, explaining it through {@code via}. */
    void include(Proof nested, String via) {
        if (nested.level != FunctionSafety.SAFE) {
            raise(nested.level, via + ", which " + nested.reason);
        }
        functions.addAll(nested.functions);
        operators.addAll(nested.operators);
    }

    boolean isSafe() {
        return level == FunctionSafety.SAFE;
    }

    FunctionSafety level() {
        return level;
    }

    String reason() {
        return reason;
    }

    Set<String> reads() {
        return reads;
    }

    Set<String> functions() {
        return functions;
    }

    Set<String> operators() {
        return operators;
    }

    /** The classification of a query statement with this proof. */
    Classification classify(String readReason, dev.airlock.proxy.protocol.SqlState forbiddenState) {
        StatementKind kind = switch (level) {
            case SAFE -> StatementKind.READ;
            case CHANGE -> changeKind;
            case FORBIDDEN -> StatementKind.FORBIDDEN;
        };
        String why = level == FunctionSafety.SAFE ? readReason : reason;
        return new Classification(kind, why, level == FunctionSafety.FORBIDDEN ? forbiddenState : null, false,
                reads, Set.of(), functions, operators);
    }
}
