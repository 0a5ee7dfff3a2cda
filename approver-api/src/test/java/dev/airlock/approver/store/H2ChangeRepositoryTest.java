package dev.airlock.approver.store;

import dev.airlock.approver.support.Planes;

/** The repository contract on the embedded default store, an H2 file. */
class H2ChangeRepositoryTest extends ChangeRepositoryContract {
    H2ChangeRepositoryTest() {
        super(Planes.h2());
    }
}
