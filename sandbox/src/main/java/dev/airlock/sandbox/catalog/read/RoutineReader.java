package dev.airlock.sandbox.catalog.read;

import dev.airlock.sandbox.catalog.Operator;
import dev.airlock.sandbox.catalog.Privileges;
import dev.airlock.sandbox.catalog.Routine;
import dev.airlock.sandbox.sql.Identifiers;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Functions, procedures, aggregates and operators. Functions and procedures are deparsed by
 * {@code pg_get_functiondef}; PostgreSQL has no deparser for aggregates, so their CREATE
 * AGGREGATE is written here from pg_aggregate, option by option, leaving out defaults.
 */
final class RoutineReader {
    private RoutineReader() {
    }

    static List<Routine> readRoutines(ReadContext context) throws SQLException {
        Map<Long, String> aggregateOptions = new HashMap<>();
        context.query(CatalogQueries.AGGREGATES, rs -> aggregateOptions.put(rs.getLong(1), aggregateOptions(rs)));
        List<Routine> routines = new ArrayList<>();
        context.query(CatalogQueries.ROUTINES, rs -> {
            long oid = rs.getLong(1);
            if (context.inExtension("pg_proc", oid)) {
                return;
            }
            String schema = rs.getString(2);
            String name = rs.getString(3);
            String arguments = rs.getString(4);
            String kind = switch (rs.getString(5)) {
                case "p" -> Routine.PROCEDURE;
                case "a" -> Routine.AGGREGATE;
                default -> Routine.FUNCTION;
            };
            long ownerOid = rs.getLong(6);
            String definition = kind.equals(Routine.AGGREGATE)
                    ? aggregateDefinition(schema, name, rs.getString(12), rs.getString(13), aggregateOptions.get(oid))
                    : rs.getString(11).strip();
            List<String> config = rs.getTextArray(9).stream().sorted().toList();
            routines.add(new Routine(schema, name, arguments, kind, context.role(ownerOid), rs.getString(7),
                    rs.getBoolean(8), config, definition,
                    rs.getBoolean(10) ? null : context.acl("pg_proc", oid, ownerOid, Privileges.ROUTINE, true),
                    context.comment("pg_proc", oid)));
        });
        return routines;
    }

    private static String aggregateDefinition(String schema, String name, String arguments, String parallel,
                                              String options) {
        String parallelOption = switch (parallel) {
            case "s" -> ",\n    PARALLEL = SAFE";
            case "r" -> ",\n    PARALLEL = RESTRICTED";
            default -> "";
        };
        return "CREATE AGGREGATE " + Identifiers.qualified(schema, name) + "("
                + (arguments.isEmpty() ? "*" : arguments) + ") (\n    " + options + parallelOption + "\n)";
    }

    private static String aggregateOptions(Row rs) {
        boolean orderedSet = !"n".equals(rs.getString(2));
        String defaultModify = orderedSet ? "w" : "r";
        StringJoiner options = new StringJoiner(",\n    ");
        options.add("SFUNC = " + rs.getString(3));
        options.add("STYPE = " + rs.getString(4));
        addIf(options, rs.getInt(5) != 0, "SSPACE = " + rs.getInt(5));
        addIf(options, rs.getString(6) != null, "FINALFUNC = " + rs.getString(6));
        addIf(options, rs.getBoolean(7), "FINALFUNC_EXTRA");
        addIf(options, !defaultModify.equals(rs.getString(8)), "FINALFUNC_MODIFY = " + modify(rs.getString(8)));
        addIf(options, rs.getString(9) != null, "COMBINEFUNC = " + rs.getString(9));
        addIf(options, rs.getString(10) != null, "SERIALFUNC = " + rs.getString(10));
        addIf(options, rs.getString(11) != null, "DESERIALFUNC = " + rs.getString(11));
        addIf(options, rs.getString(12) != null, "INITCOND = " + Identifiers.literal(String.valueOf(rs.getString(12))));
        addIf(options, rs.getString(13) != null, "MSFUNC = " + rs.getString(13));
        addIf(options, rs.getString(14) != null, "MINVFUNC = " + rs.getString(14));
        addIf(options, rs.getString(15) != null, "MSTYPE = " + rs.getString(15));
        addIf(options, rs.getInt(16) != 0, "MSSPACE = " + rs.getInt(16));
        addIf(options, rs.getString(17) != null, "MFINALFUNC = " + rs.getString(17));
        addIf(options, rs.getBoolean(18), "MFINALFUNC_EXTRA");
        addIf(options, rs.getString(15) != null && !defaultModify.equals(rs.getString(19)),
                "MFINALFUNC_MODIFY = " + modify(rs.getString(19)));
        addIf(options, rs.getString(20) != null, "MINITCOND = " + Identifiers.literal(String.valueOf(rs.getString(20))));
        String sortOperator = rs.getString(21);
        addIf(options, sortOperator != null, sortOperator == null ? "" : "SORTOP = " + operatorReference(sortOperator));
        addIf(options, "h".equals(rs.getString(2)), "HYPOTHETICAL");
        return options.toString();
    }

    private static void addIf(StringJoiner options, boolean condition, String option) {
        if (condition) {
            options.add(option);
        }
    }

    private static String modify(String code) {
        return switch (code) {
            case "r" -> "READ_ONLY";
            case "s" -> "SHAREABLE";
            default -> "READ_WRITE";
        };
    }

    /** An operator as it may be written in DDL: qualified names need the OPERATOR() form. */
    static String operatorReference(String regoper) {
        return regoper.contains(".") ? "OPERATOR(" + regoper + ")" : regoper;
    }

    static List<Operator> readOperators(ReadContext context) throws SQLException {
        List<Operator> operators = new ArrayList<>();
        context.query(CatalogQueries.OPERATORS, rs -> {
            long oid = rs.getLong(1);
            if (!context.inExtension("pg_operator", oid)) {
                operators.add(new Operator(rs.getString(2), rs.getString(3), rs.getString(5), rs.getString(6),
                        rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10), rs.getString(11),
                        rs.getBoolean(12), rs.getBoolean(13), context.role(rs.getLong(4)),
                        context.comment("pg_operator", oid)));
            }
        });
        return operators;
    }
}
