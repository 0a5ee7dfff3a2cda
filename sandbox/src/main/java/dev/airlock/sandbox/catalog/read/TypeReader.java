package dev.airlock.sandbox.catalog.read;

import dev.airlock.sandbox.catalog.CompositeType;
import dev.airlock.sandbox.catalog.DomainType;
import dev.airlock.sandbox.catalog.EnumType;
import dev.airlock.sandbox.catalog.Privileges;
import dev.airlock.sandbox.catalog.RangeType;
import dev.airlock.sandbox.catalog.UserType;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Enums, composite types, domains and ranges. */
final class TypeReader {
    private TypeReader() {
    }

    static List<UserType> read(ReadContext context, Map<Long, List<CompositeType.TypeAttribute>> compositeAttributes,
                               Map<Long, List<DomainType.DomainConstraint>> domainConstraints) throws SQLException {
        Map<Long, List<String>> labels = new HashMap<>();
        context.query(CatalogQueries.ENUM_LABELS,
                rs -> labels.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(rs.getString(2)));
        Map<Long, String[]> ranges = new HashMap<>();
        context.query(CatalogQueries.RANGES, rs -> ranges.put(rs.getLong(1), new String[] {
            rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7)}));
        List<UserType> types = new ArrayList<>();
        context.query(CatalogQueries.TYPES, rs -> {
            long oid = rs.getLong(1);
            if (context.inExtension("pg_type", oid)) {
                return;
            }
            String schema = rs.getString(2);
            String name = rs.getString(3);
            String kind = rs.getString(4);
            String owner = context.role(rs.getLong(5));
            context.addAcl("pg_type", oid, 0, rs.getTextArray(12));
            var acl = rs.getBoolean(7) ? null : context.acl("pg_type", oid, rs.getLong(5), Privileges.TYPE, true);
            String comment = context.comment("pg_type", oid);
            switch (kind) {
                case "e" -> types.add(new EnumType(schema, name, owner, labels.getOrDefault(oid, List.of()), acl, comment));
                case "c" -> types.add(new CompositeType(schema, name, owner,
                        compositeAttributes.getOrDefault(rs.getLong(6), List.of()), acl, comment));
                case "d" -> types.add(new DomainType(schema, name, owner, rs.getString(8), rs.getBoolean(9),
                        rs.getString(10), rs.getString(11), domainConstraints.getOrDefault(oid, List.of()), acl, comment));
                case "r" -> {
                    String[] range = ranges.get(oid);
                    types.add(new RangeType(schema, name, owner, range[0], range[1], range[2], range[3], range[4],
                            range[5], acl, comment));
                }
                default -> throw new IllegalStateException("unexpected type kind " + kind + " for " + schema + "." + name);
            }
        });
        return types;
    }
}
