package dev.airlock.proxy.session;

import dev.airlock.proxy.agent.HoldMode;
import dev.airlock.proxy.auth.Identity;
import dev.airlock.proxy.protocol.frontend.Bind;
import dev.airlock.sandbox.change.BindParameter;
import dev.airlock.sandbox.change.ChangeStatement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What an agent's session keeps about its changes: its hold mode; the statements it has prepared
 * or bound that Airlock holds instead of sending to production (extended protocol); and, inside an
 * explicit transaction, the change set collected so far, filed at COMMIT and dropped at ROLLBACK.
 */
final class AgentState {
    /** What a held statement does when its portal is executed. */
    enum Role {
        /** A change: filed, or added to the transaction's change set. */
        CHANGE,
        /** COMMIT of a transaction with changes: files the change set. */
        COMMIT,
        /** SET or RESET airlock.hold_mode. */
        HOLD_MODE
    }

    /** A statement parsed for the agent and held: its exact text, the parameter types the client gave, its role. */
    record HeldStatement(String sql, int[] parameterTypes, Role role, HoldMode holdMode) {
    }

    /** A bound portal of a held statement: the statement with its parameters, as it would be filed. */
    record HeldPortal(ChangeStatement statement, Role role, HoldMode holdMode) {
    }

    private final Identity identity;
    private HoldMode holdMode;
    private final Map<String, HeldStatement> statements = new HashMap<>();
    private final Map<String, HeldPortal> portals = new HashMap<>();
    private final List<ChangeStatement> transactionChanges = new ArrayList<>();
    private boolean inTransactionBlock;

    AgentState(Identity identity) {
        this.identity = identity;
        this.holdMode = identity.holdMode();
    }

    Identity identity() {
        return identity;
    }

    HoldMode holdMode() {
        return holdMode;
    }

    void holdMode(HoldMode mode) {
        this.holdMode = mode == null ? identity.holdMode() : mode;
    }

    // ---------------------------------------------------------------- extended protocol

    void hold(String name, String sql, int[] parameterTypes, Role role, HoldMode holdMode) {
        statements.put(name, new HeldStatement(sql, parameterTypes.clone(), role, holdMode));
    }

    HeldStatement heldStatement(String name) {
        return statements.get(name);
    }

    void forgetStatement(String name) {
        statements.remove(name);
    }

    /** Binds a held statement; returns false when {@code bind} names no held statement. */
    boolean bind(Bind bind) {
        HeldStatement held = statements.get(bind.statement());
        if (held == null) {
            portals.remove(bind.portal());
            return false;
        }
        List<BindParameter> parameters = new ArrayList<>();
        short[] formats = bind.parameterFormats();
        for (int i = 0; i < bind.parameterValues().size(); i++) {
            int type = i < held.parameterTypes().length ? held.parameterTypes()[i] : 0;
            int format = formats.length == 0 ? 0 : formats.length == 1 ? formats[0] : formats[i];
            parameters.add(new BindParameter(type, format, bind.parameterValues().get(i)));
        }
        portals.put(bind.portal(), new HeldPortal(new ChangeStatement(held.sql(), parameters), held.role(), held.holdMode()));
        return true;
    }

    HeldPortal heldPortal(String name) {
        return portals.get(name);
    }

    void forgetPortal(String name) {
        portals.remove(name);
    }

    // ---------------------------------------------------------------- transaction blocks

    boolean inTransactionBlock() {
        return inTransactionBlock;
    }

    void transactionBlock(boolean open) {
        inTransactionBlock = open;
        if (!open) {
            transactionChanges.clear();
        }
    }

    boolean hasTransactionChanges() {
        return !transactionChanges.isEmpty();
    }

    /** Adds to the transaction's change set; true when it is the set's first statement. */
    boolean addTransactionChange(ChangeStatement statement) {
        transactionChanges.add(statement);
        return transactionChanges.size() == 1;
    }

    /** The transaction's change set, taken: the transaction block is over. */
    List<ChangeStatement> takeTransactionChanges() {
        List<ChangeStatement> taken = List.copyOf(transactionChanges);
        transactionBlock(false);
        return taken;
    }
}
