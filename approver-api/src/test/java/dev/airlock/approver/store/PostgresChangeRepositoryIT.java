package dev.airlock.approver.store;

import dev.airlock.approver.support.Planes;

/** The repository contract on a PostgreSQL store (a database of its own on the embedded store server). */
class PostgresChangeRepositoryIT extends ChangeRepositoryContract {
    PostgresChangeRepositoryIT() {
        super(Planes.postgres("repository"));
    }
}
