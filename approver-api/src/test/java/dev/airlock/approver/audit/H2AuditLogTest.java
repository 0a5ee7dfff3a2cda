package dev.airlock.approver.audit;

import dev.airlock.approver.support.Planes;

/**
 * The audit log contract on the embedded default store, an H2 file. H2 runs inside this process,
 * so "the store went away" is every new connection failing, as it would after the file was closed.
 */
class H2AuditLogTest extends AuditLogContract {
    H2AuditLogTest() {
        super(Planes.h2());
    }

    @Override
    void storeGoesAway(SwitchableDataSource writer) {
        writer.down(true);
    }

    @Override
    void storeComesBack(SwitchableDataSource writer) {
        writer.down(false);
    }
}
