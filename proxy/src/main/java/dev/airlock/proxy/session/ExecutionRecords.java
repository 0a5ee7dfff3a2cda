package dev.airlock.proxy.session;

import dev.airlock.proxy.gate.StatementDecision;
import java.util.HashMap;
import java.util.Map;

/**
 * The audit log's view of the extended protocol. A statement is on the log each time it runs: a
 * statement refused at Parse is recorded there (it never runs), one accepted at Parse is recorded
 * at each Execute of a portal bound to it, with the decision and the policy rule of its Parse. So
 * a prepared statement executed a thousand times leaves a thousand records, as a thousand simple
 * queries would. Portals are followed from Bind to Execute; a statement or portal closed, or
 * replaced under the same name, is forgotten. (A named portal whose transaction ended is not
 * forgotten until then: with pipelining, the end of a transaction reaches Airlock after the
 * client's next Binds, so forgetting portals there could leave a later Execute unrecorded.)
 */
final class ExecutionRecords {
    /** A statement accepted at Parse: its decision, outcome ({@code relay} or {@code hold}) and rule. */
    record Decided(StatementDecision statement, String outcome, String rule) {
    }

    private final Map<String, Decided> statements = new HashMap<>();
    private final Map<String, Decided> portals = new HashMap<>();

    void parsed(String name, Decided decided) {
        statements.put(name, decided);
    }

    /** A Bind of {@code portal} to {@code statement}; a statement not accepted here leaves the portal unknown. */
    void bound(String portal, String statement) {
        Decided decided = statements.get(statement);
        if (decided == null) {
            portals.remove(portal);
        } else {
            portals.put(portal, decided);
        }
    }

    /** What an Execute of {@code portal} runs, or null if no accepted statement is bound to it. */
    Decided executing(String portal) {
        return portals.get(portal);
    }

    void statementClosed(String name) {
        statements.remove(name);
    }

    void portalClosed(String name) {
        portals.remove(name);
    }
}
