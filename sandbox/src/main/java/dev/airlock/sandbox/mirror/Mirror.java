package dev.airlock.sandbox.mirror;

import dev.airlock.sandbox.ddl.RoleNames;
import java.util.List;

/**
 * A mirror template on the sandbox server: the database that per-task sandboxes are cloned from,
 * the production fingerprint it reproduces, the stand-ins it plays production roles with, and what
 * it could not reproduce.
 */
public record Mirror(String fingerprint, String database, RoleNames roles, List<MirrorGap> gaps) {
    public Mirror {
        gaps = List.copyOf(gaps);
    }
}
