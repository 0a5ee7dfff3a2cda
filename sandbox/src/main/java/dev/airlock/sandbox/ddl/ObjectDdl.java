package dev.airlock.sandbox.ddl;

import dev.airlock.sandbox.catalog.AclEntry;
import dev.airlock.sandbox.catalog.CompositeType;
import dev.airlock.sandbox.catalog.DefaultPrivilege;
import dev.airlock.sandbox.catalog.DomainType;
import dev.airlock.sandbox.catalog.EnumType;
import dev.airlock.sandbox.catalog.Extension;
import dev.airlock.sandbox.catalog.Operator;
import dev.airlock.sandbox.catalog.Privileges;
import dev.airlock.sandbox.catalog.RangeType;
import dev.airlock.sandbox.catalog.Role;
import dev.airlock.sandbox.catalog.RoleMembership;
import dev.airlock.sandbox.catalog.Routine;
import dev.airlock.sandbox.catalog.Schema;
import dev.airlock.sandbox.catalog.Sequence;
import dev.airlock.sandbox.catalog.UserType;
import dev.airlock.sandbox.sql.Identifiers;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/** DDL for schema-level objects other than relations, and for roles as they are shown in a diff. */
public final class ObjectDdl {
    private static final Map<String, List<String>> DEFAULT_PRIVILEGE_OWNER = Map.of(
            "TABLES", Privileges.TABLE, "SEQUENCES", Privileges.SEQUENCE, "FUNCTIONS", Privileges.ROUTINE,
            "TYPES", Privileges.TYPE, "SCHEMAS", Privileges.SCHEMA);

    private final RoleNames roles;

    public ObjectDdl(RoleNames roles) {
        this.roles = roles;
    }

    public List<DdlStatement> schema(Schema schema) {
        String name = Identifiers.quote(schema.name());
        String owner = roles.apply(schema.owner());
        boolean existing = schema.name().equals("public");
        List<DdlStatement> out = new ArrayList<>();
        out.add(new DdlStatement(Phase.SCHEMAS, name, existing
                ? "ALTER SCHEMA " + name + " OWNER TO " + Names.role(owner)
                : "CREATE SCHEMA " + name + " AUTHORIZATION " + Names.role(owner)));
        AclDdl.grants("SCHEMA " + name, schema.acl(), owner, Privileges.SCHEMA, false, existing, roles)
                .forEach(sql -> out.add(new DdlStatement(Phase.SCHEMAS, name, sql)));
        if (schema.comment() != null) {
            out.add(new DdlStatement(Phase.SCHEMAS, name, Names.comment("SCHEMA " + name, schema.comment())));
        } else if (existing) {
            out.add(new DdlStatement(Phase.SCHEMAS, name, "COMMENT ON SCHEMA " + name + " IS NULL"));
        }
        return out;
    }

    public List<DdlStatement> extension(Extension extension) {
        return List.of(new DdlStatement(Phase.EXTENSIONS, extension.name(), "CREATE EXTENSION IF NOT EXISTS "
                + Identifiers.quote(extension.name()) + " WITH SCHEMA " + Identifiers.quote(extension.schema())
                + " VERSION " + Identifiers.literal(extension.version())));
    }

    public List<DdlStatement> type(UserType type) {
        String name = Names.qualified(type.schema(), type.name());
        List<DdlStatement> out = new ArrayList<>();
        String keyword = type instanceof DomainType ? "DOMAIN " : "TYPE ";
        if (type instanceof EnumType e) {
            StringJoiner labels = new StringJoiner(", ", "(", ")");
            e.labels().forEach(label -> labels.add(Identifiers.literal(label)));
            out.add(new DdlStatement(Phase.TYPES, name, "CREATE TYPE " + name + " AS ENUM " + labels));
        } else if (type instanceof CompositeType c) {
            StringJoiner attributes = new StringJoiner(",\n    ", "(\n    ", "\n)");
            attributes.setEmptyValue("()");
            c.attributes().forEach(a -> attributes.add(Identifiers.quote(a.name()) + " " + a.type()
                    + (a.collation() == null ? "" : " COLLATE " + a.collation())));
            out.add(new DdlStatement(Phase.TYPES, name, "CREATE TYPE " + name + " AS " + attributes));
        } else if (type instanceof DomainType d) {
            out.add(new DdlStatement(Phase.TYPES, name, "CREATE DOMAIN " + name + " AS " + d.baseType()
                    + (d.collation() == null ? "" : " COLLATE " + d.collation())
                    + (d.defaultValue() == null ? "" : " DEFAULT " + d.defaultValue())
                    + (d.notNull() ? " NOT NULL" : "")));
            d.constraints().forEach(c -> out.add(new DdlStatement(Phase.FOREIGN_KEYS, name, "ALTER DOMAIN " + name
                    + " ADD CONSTRAINT " + Identifiers.quote(c.name()) + " " + c.definition())));
        } else if (type instanceof RangeType r) {
            StringJoiner options = new StringJoiner(", ", "(", ")");
            options.add("SUBTYPE = " + r.subtype());
            addIfPresent(options, "SUBTYPE_OPCLASS", r.subtypeOperatorClass());
            addIfPresent(options, "COLLATION", r.collation());
            addIfPresent(options, "CANONICAL", r.canonical());
            addIfPresent(options, "SUBTYPE_DIFF", r.subtypeDiff());
            addIfPresent(options, "MULTIRANGE_TYPE_NAME", r.multirangeName());
            out.add(new DdlStatement(Phase.TYPES, name, "CREATE TYPE " + name + " AS RANGE " + options));
        }
        String owner = roles.apply(type.owner());
        out.add(new DdlStatement(Phase.TYPES, name, "ALTER " + keyword + name + " OWNER TO " + Names.role(owner)));
        AclDdl.grants("TYPE " + name, type.acl(), owner, Privileges.TYPE, true, false, roles)
                .forEach(sql -> out.add(new DdlStatement(Phase.TYPES, name, sql)));
        if (type.comment() != null) {
            out.add(new DdlStatement(Phase.TYPES, name, Names.comment(keyword + name, type.comment())));
        }
        return out;
    }

    private static void addIfPresent(StringJoiner options, String option, String value) {
        if (value != null) {
            options.add(option + " = " + value);
        }
    }

    public List<DdlStatement> sequence(Sequence sequence) {
        String name = Names.qualified(sequence.schema(), sequence.name());
        List<DdlStatement> out = new ArrayList<>();
        out.add(new DdlStatement(Phase.SEQUENCES, name, "CREATE SEQUENCE " + name + " AS " + sequence.dataType()
                + " START WITH " + sequence.start() + " INCREMENT BY " + sequence.increment()
                + " MINVALUE " + sequence.minValue() + " MAXVALUE " + sequence.maxValue()
                + " CACHE " + sequence.cache() + (sequence.cycle() ? " CYCLE" : " NO CYCLE")));
        String owner = roles.apply(sequence.owner());
        out.add(new DdlStatement(Phase.SEQUENCES, name, "ALTER SEQUENCE " + name + " OWNER TO " + Names.role(owner)));
        if (sequence.ownedBy() != null) {
            out.add(new DdlStatement(Phase.SEQUENCE_OWNERSHIP, name,
                    "ALTER SEQUENCE " + name + " OWNED BY " + sequence.ownedBy()));
        }
        AclDdl.grants("SEQUENCE " + name, sequence.acl(), owner, Privileges.SEQUENCE, false, false, roles)
                .forEach(sql -> out.add(new DdlStatement(Phase.SEQUENCES, name, sql)));
        if (sequence.comment() != null) {
            out.add(new DdlStatement(Phase.SEQUENCES, name, Names.comment("SEQUENCE " + name, sequence.comment())));
        }
        return out;
    }

    public List<DdlStatement> routine(Routine routine) {
        String signature = Names.qualified(routine.schema(), routine.name()) + "("
                + (routine.kind().equals(Routine.AGGREGATE) && routine.arguments().isEmpty() ? "*" : routine.arguments()) + ")";
        Phase phase = routine.kind().equals(Routine.AGGREGATE) ? Phase.AGGREGATES_AND_OPERATORS : Phase.FUNCTIONS;
        List<DdlStatement> out = new ArrayList<>();
        out.add(new DdlStatement(phase, signature, routine.definition()));
        String owner = roles.apply(routine.owner());
        out.add(new DdlStatement(phase, signature, "ALTER " + routine.kind() + " " + signature + " OWNER TO "
                + Names.role(owner)));
        String target = (routine.kind().equals(Routine.PROCEDURE) ? "PROCEDURE " : "FUNCTION ") + signature;
        AclDdl.grants(target, routine.acl(), owner, Privileges.ROUTINE, true, false, roles)
                .forEach(sql -> out.add(new DdlStatement(phase, signature, sql)));
        if (routine.comment() != null) {
            out.add(new DdlStatement(phase, signature, Names.comment(routine.kind() + " " + signature, routine.comment())));
        }
        return out;
    }

    public List<DdlStatement> operator(Operator operator) {
        String name = Identifiers.quote(operator.schema()) + "." + operator.name();
        String signature = name + "(" + (operator.leftType() == null ? "NONE" : operator.leftType()) + ", "
                + (operator.rightType() == null ? "NONE" : operator.rightType()) + ")";
        StringJoiner options = new StringJoiner(", ", "(", ")");
        options.add("FUNCTION = " + operator.function());
        addIfPresent(options, "LEFTARG", operator.leftType());
        addIfPresent(options, "RIGHTARG", operator.rightType());
        addIfPresent(options, "COMMUTATOR", operator.commutator() == null ? null : "OPERATOR(" + operator.commutator() + ")");
        addIfPresent(options, "NEGATOR", operator.negator() == null ? null : "OPERATOR(" + operator.negator() + ")");
        addIfPresent(options, "RESTRICT", operator.restrict());
        addIfPresent(options, "JOIN", operator.join());
        if (operator.hashes()) {
            options.add("HASHES");
        }
        if (operator.merges()) {
            options.add("MERGES");
        }
        List<DdlStatement> out = new ArrayList<>();
        Phase phase = Phase.AGGREGATES_AND_OPERATORS;
        out.add(new DdlStatement(phase, signature, "CREATE OPERATOR " + name + " " + options));
        out.add(new DdlStatement(phase, signature, "ALTER OPERATOR " + signature + " OWNER TO "
                + Names.role(roles.apply(operator.owner()))));
        if (operator.comment() != null) {
            out.add(new DdlStatement(phase, signature, Names.comment("OPERATOR " + signature, operator.comment())));
        }
        return out;
    }

    /** ALTER DEFAULT PRIVILEGES; without a schema the entry replaces the built-in default, so that is revoked first. */
    public List<DdlStatement> defaultPrivilege(DefaultPrivilege privilege) {
        String role = Names.role(roles.apply(privilege.role()));
        String prefix = "ALTER DEFAULT PRIVILEGES FOR ROLE " + role
                + (privilege.schema() == null ? "" : " IN SCHEMA " + Identifiers.quote(privilege.schema()));
        String label = "default privileges for " + privilege.role() + " on " + privilege.objectType()
                + (privilege.schema() == null ? "" : " in " + privilege.schema());
        List<DdlStatement> out = new ArrayList<>();
        if (privilege.schema() == null) {
            out.add(new DdlStatement(Phase.DEFAULT_PRIVILEGES, label,
                    prefix + " REVOKE ALL ON " + privilege.objectType() + " FROM PUBLIC"));
            out.add(new DdlStatement(Phase.DEFAULT_PRIVILEGES, label,
                    prefix + " REVOKE ALL ON " + privilege.objectType() + " FROM " + role));
        }
        List<String> all = DEFAULT_PRIVILEGE_OWNER.get(privilege.objectType());
        for (AclEntry entry : privilege.acl()) {
            String grantee = entry.grantee().equals(AclEntry.PUBLIC) ? "PUBLIC" : Names.role(roles.apply(entry.grantee()));
            List<String> plain = entry.privileges().stream().filter(p -> !entry.grantable().contains(p)).toList();
            if (!plain.isEmpty()) {
                out.add(new DdlStatement(Phase.DEFAULT_PRIVILEGES, label, prefix + " GRANT "
                        + (plain.equals(all) ? "ALL" : String.join(", ", plain)) + " ON " + privilege.objectType()
                        + " TO " + grantee));
            }
            if (!entry.grantable().isEmpty()) {
                out.add(new DdlStatement(Phase.DEFAULT_PRIVILEGES, label, prefix + " GRANT "
                        + String.join(", ", entry.grantable()) + " ON " + privilege.objectType() + " TO " + grantee
                        + " WITH GRANT OPTION"));
            }
        }
        return out;
    }

    /** A role as CREATE ROLE, for showing a change (the mirror creates roles its own way). */
    public static String role(Role role) {
        StringBuilder sql = new StringBuilder("CREATE ROLE ").append(Names.role(role.name()))
                .append(role.superuser() ? " SUPERUSER" : " NOSUPERUSER")
                .append(role.createDb() ? " CREATEDB" : " NOCREATEDB")
                .append(role.createRole() ? " CREATEROLE" : " NOCREATEROLE")
                .append(role.inherit() ? " INHERIT" : " NOINHERIT")
                .append(role.login() ? " LOGIN" : " NOLOGIN")
                .append(role.replication() ? " REPLICATION" : " NOREPLICATION")
                .append(role.bypassRls() ? " BYPASSRLS" : " NOBYPASSRLS")
                .append(" CONNECTION LIMIT ").append(role.connectionLimit());
        if (role.validUntil() != null) {
            sql.append(" VALID UNTIL ").append(Identifiers.literal(role.validUntil()));
        }
        if (role.comment() != null) {
            sql.append(";\n").append(Names.comment("ROLE " + Names.role(role.name()), role.comment()));
        }
        return sql.toString();
    }

    public static String membership(RoleMembership membership) {
        return "GRANT " + Names.role(membership.role()) + " TO " + Names.role(membership.member())
                + (membership.adminOption() ? " WITH ADMIN OPTION" : "");
    }
}
