package dev.airlock.sandbox.lint;

import dev.airlock.sandbox.access.AccessChange;
import dev.airlock.sandbox.catalog.AclEntry;
import dev.airlock.sandbox.catalog.Column;
import dev.airlock.sandbox.catalog.Constraint;
import dev.airlock.sandbox.catalog.Role;
import dev.airlock.sandbox.catalog.Routine;
import dev.airlock.sandbox.catalog.Schema;
import dev.airlock.sandbox.catalog.Sequence;
import dev.airlock.sandbox.catalog.Table;
import dev.airlock.sandbox.catalog.View;
import dev.airlock.sandbox.diff.ObjectChange;
import dev.airlock.sandbox.diff.ObjectKind;
import dev.airlock.sandbox.impact.LockTaken;
import dev.airlock.sandbox.rows.AffectedRows;
import dev.airlock.sandbox.sql.SqlTokens;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The lints of an effect, from its schema diff, access diff, measured impact and row counts.
 * Operational risks (rewrites, ACCESS EXCLUSIVE locks, index builds, validating scans) concern
 * tables that existed before the change and rise to HIGH on a large one; data loss, grants to
 * PUBLIC, privileged roles and SECURITY DEFINER without a pinned search_path do not depend on size.
 */
public final class Linter {
    private final LintContext context;
    private final List<Lint> lints = new ArrayList<>();
    private final Set<String> tablesAdded = new HashSet<>();

    private Linter(LintContext context) {
        this.context = context;
        context.schemaChanges().stream()
                .filter(c -> c.kind() == ObjectKind.TABLE && c.change() == ObjectChange.Change.ADDED)
                .forEach(c -> tablesAdded.add(c.identity()));
    }

    public static List<Lint> lint(LintContext context) {
        Linter linter = new Linter(context);
        linter.schema();
        linter.impact();
        linter.rows();
        linter.access();
        linter.roleStatements();
        linter.lints.sort(Comparator.comparing(Lint::risk).reversed().thenComparing(Lint::code).thenComparing(Lint::object));
        return List.copyOf(linter.lints);
    }

    public static RiskLevel risk(List<Lint> lints) {
        return lints.stream().map(Lint::risk).max(Comparator.naturalOrder()).orElse(RiskLevel.NONE);
    }

    private void schema() {
        for (ObjectChange change : context.schemaChanges()) {
            boolean existingParent = change.parent() != null && !tablesAdded.contains(change.parent());
            switch (change.kind()) {
                case TABLE -> {
                    if (change.change() == ObjectChange.Change.REMOVED) {
                        add("DATA_LOSS_DROP_TABLE", sized(RiskLevel.HIGH, change.identity(), RiskLevel.CRITICAL),
                                change.identity(), "the table and all its rows are dropped" + size(change.identity()));
                    }
                }
                case COLUMN -> column(change, existingParent);
                case CONSTRAINT -> {
                    if (change.change() == ObjectChange.Change.ADDED && existingParent
                            && change.after() instanceof Constraint c && c.type().equals("FOREIGN KEY") && c.validated()) {
                        add("FOREIGN_KEY_VALIDATED", sized(RiskLevel.MEDIUM, change.parent(), RiskLevel.HIGH), change.identity(),
                                "the new foreign key is validated at once: it scans " + change.parent()
                                        + " under a SHARE ROW EXCLUSIVE lock; add it NOT VALID, then VALIDATE CONSTRAINT"
                                        + size(change.parent()));
                    }
                }
                case ROLE -> role(change);
                case FUNCTION, PROCEDURE -> securityDefiner(change);
                default -> {
                    // other kinds carry no lint of their own
                }
            }
            grantOption(change);
        }
    }

    private void column(ObjectChange change, boolean existingParent) {
        if (change.change() == ObjectChange.Change.REMOVED && existingParent) {
            add("DATA_LOSS_DROP_COLUMN", RiskLevel.HIGH, change.identity(), "the column and its values are dropped");
        }
        if (change.change() == ObjectChange.Change.CHANGED && existingParent
                && change.before() instanceof Column before && change.after() instanceof Column after) {
            if (!before.notNull() && after.notNull()) {
                add("SET_NOT_NULL_SCAN", sized(RiskLevel.MEDIUM, change.parent(), RiskLevel.HIGH), change.identity(),
                        "SET NOT NULL scans " + change.parent() + " under an ACCESS EXCLUSIVE lock; a validated"
                                + " CHECK (col IS NOT NULL) first avoids the scan" + size(change.parent()));
            }
            if (!before.type().equals(after.type())) {
                add("COLUMN_TYPE_CHANGED", sized(RiskLevel.MEDIUM, change.parent(), RiskLevel.HIGH), change.identity(),
                        "type " + before.type() + " becomes " + after.type() + ": values are converted (possibly lossy)"
                                + " and the table may be rewritten" + size(change.parent()));
            }
        }
    }

    private void role(ObjectChange change) {
        if (!(change.after() instanceof Role after)) {
            return;
        }
        Role before = change.before() instanceof Role r ? r : null;
        if (after.superuser() && (before == null || !before.superuser())) {
            add("PRIVILEGED_ROLE", RiskLevel.CRITICAL, change.identity(), "the role becomes SUPERUSER");
        }
        if (after.bypassRls() && (before == null || !before.bypassRls())) {
            add("PRIVILEGED_ROLE", RiskLevel.HIGH, change.identity(), "the role gets BYPASSRLS");
        }
        if (after.createRole() && (before == null || !before.createRole())) {
            add("PRIVILEGED_ROLE", RiskLevel.HIGH, change.identity(), "the role gets CREATEROLE");
        }
    }

    private void securityDefiner(ObjectChange change) {
        if (change.after() instanceof Routine routine && routine.securityDefiner()
                && routine.config().stream().noneMatch(c -> c.toLowerCase(Locale.ROOT).startsWith("search_path="))) {
            add("SECURITY_DEFINER_SEARCH_PATH", RiskLevel.HIGH, change.identity(), "SECURITY DEFINER without"
                    + " SET search_path: a caller can shadow the objects it uses and run code as its owner");
        }
    }

    private void grantOption(ObjectChange change) {
        List<AclEntry> before = acl(change.before());
        List<AclEntry> after = acl(change.after());
        for (AclEntry entry : after) {
            for (String privilege : entry.grantable()) {
                boolean had = before.stream().anyMatch(e -> e.grantee().equals(entry.grantee())
                        && e.grantable().contains(privilege));
                if (!had) {
                    add("GRANT_WITH_GRANT_OPTION", RiskLevel.MEDIUM, change.identity(), entry.grantee() + " may grant "
                            + privilege + " to others (WITH GRANT OPTION)");
                }
            }
        }
    }

    private static List<AclEntry> acl(Object state) {
        List<AclEntry> acl = null;
        if (state instanceof Table t) {
            acl = t.acl();
        } else if (state instanceof View v) {
            acl = v.acl();
        } else if (state instanceof Schema s) {
            acl = s.acl();
        } else if (state instanceof Sequence s) {
            acl = s.acl();
        } else if (state instanceof Routine r) {
            acl = r.acl();
        } else if (state instanceof Column c) {
            acl = c.acl();
        }
        return acl == null ? List.of() : acl;
    }

    private void impact() {
        Set<Integer> truncations = new HashSet<>();
        for (int i = 0; i < context.commandTags().size(); i++) {
            String tag = context.commandTags().get(i);
            if (tag != null && tag.startsWith("TRUNCATE")) {
                truncations.add(i + 1);
                add("DATA_LOSS_TRUNCATE", RiskLevel.HIGH, "statement " + (i + 1), "TRUNCATE removes every row");
            }
        }
        Set<String> exclusive = new HashSet<>();
        for (LockTaken lock : context.impact().locks()) {
            boolean table = lock.relationKind().contains("table") || lock.relationKind().equals("materialized view");
            if (lock.mode().equals("AccessExclusiveLock") && table && !lock.newRelation() && exclusive.add(lock.relation())) {
                add("ACCESS_EXCLUSIVE_LOCK", sized(RiskLevel.LOW, lock.relation(), RiskLevel.HIGH), lock.relation(),
                        "statement " + lock.statement() + " takes an ACCESS EXCLUSIVE lock: every read and write of the"
                                + " table waits until the change commits" + size(lock.relation()));
            }
            if (lock.mode().equals("ShareLock") && table && !lock.newRelation()) {
                add("INDEX_WITHOUT_CONCURRENTLY", sized(RiskLevel.MEDIUM, lock.relation(), RiskLevel.HIGH), lock.relation(),
                        "statement " + lock.statement() + " builds an index without CONCURRENTLY: writes to the table"
                                + " wait for the whole build" + size(lock.relation()));
            }
        }
        boolean anyTruncate = !truncations.isEmpty();
        for (String relation : context.impact().rewrittenRelations()) {
            if (!tablesAdded.contains(relation) && !anyTruncate) {
                add("TABLE_REWRITE", sized(RiskLevel.MEDIUM, relation, RiskLevel.HIGH), relation,
                        "the table is rewritten (its storage was replaced): time and disk grow with its size"
                                + size(relation));
            }
        }
    }

    private void rows() {
        for (AffectedRows rows : context.affectedRows()) {
            if (rows.wholeTable()) {
                add("WRITE_WITHOUT_WHERE", RiskLevel.HIGH, String.join(", ", rows.tables()), rows.command()
                        + " without WHERE touches every row" + (rows.estimate() == null ? "" : " (about "
                        + rows.estimate() + ")"));
            }
        }
    }

    private void access() {
        for (AccessChange change : context.accessChanges()) {
            if (change.role().equals(AclEntry.PUBLIC) && change.change() == AccessChange.Change.GAINED) {
                add("GRANT_TO_PUBLIC", RiskLevel.HIGH, change.object(), "every role, present and future, gets "
                        + change.privilege() + " on this " + change.objectKind().toLowerCase(Locale.ROOT));
            }
        }
    }

    /**
     * Role statements the sandbox could not run (it has no CREATEROLE, by design) are still read
     * for the attributes they give.
     */
    private void roleStatements() {
        boolean roleChanged = context.schemaChanges().stream().anyMatch(c -> c.kind() == ObjectKind.ROLE);
        if (roleChanged) {
            return;
        }
        for (int i = 0; i < context.changeSet().statements().size(); i++) {
            List<SqlTokens.Token> tokens = SqlTokens.of(context.changeSet().statements().get(i).sql());
            List<String> words = SqlTokens.leadingWords(tokens, 2);
            boolean roleStatement = words.size() == 2 && (words.get(0).equals("CREATE") || words.get(0).equals("ALTER"))
                    && Set.of("ROLE", "USER", "GROUP").contains(words.get(1));
            if (!roleStatement) {
                continue;
            }
            for (String attribute : List.of("SUPERUSER", "BYPASSRLS", "CREATEROLE")) {
                if (SqlTokens.contains(tokens, attribute)) {
                    add("PRIVILEGED_ROLE", attribute.equals("SUPERUSER") ? RiskLevel.CRITICAL : RiskLevel.HIGH,
                            "statement " + (i + 1), "the statement gives a role " + attribute
                                    + " (read from its text: role statements do not run in the sandbox)");
                }
            }
        }
    }

    private RiskLevel sized(RiskLevel base, String table, RiskLevel large) {
        OptionalLong rows = context.statistics().rows(table);
        return rows.isPresent() && rows.getAsLong() >= context.largeTableRows() ? large : base;
    }

    private String size(String table) {
        OptionalLong rows = context.statistics().rows(table);
        return rows.isPresent() ? " (about " + rows.getAsLong() + " rows on production)" : " (size on production unknown)";
    }

    private void add(String code, RiskLevel risk, String object, String message) {
        lints.add(new Lint(code, risk, object, message));
    }
}
