package dev.airlock.sandbox.mirror;

import dev.airlock.sandbox.ddl.RoleNames;
import java.util.List;

/**
 * A mirror template on the sandbox server: the database that per-task sandboxes are cloned from,
 * the production fingerprint it reproduces, the stand-ins it plays production roles with, what it
 * could not reproduce, and whether role statements run through its {@link Steward} (production's
 * change role is a superuser or has CREATEROLE, so it could run them on production).
 */
public record Mirror(String fingerprint, String database, RoleNames roles, List<MirrorGap> gaps,
                     boolean roleStatements) {
    public Mirror {
        gaps = List.copyOf(gaps);
    }
}
