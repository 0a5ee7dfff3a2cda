package dev.airlock.approver.approval;

import dev.airlock.approver.change.ChangeRequest;
import java.util.ArrayList;
import java.util.List;

/** The three hashes a reviewer saw: of the statement bytes, of the effect, of production's schema. */
public record ReviewedHashes(String statementsSha256, String effectSha256, String baseFingerprint) {

    /** The names of the hashes that differ from the change as it is now; empty when all three match. */
    public List<String> mismatches(ChangeRequest change) {
        List<String> wrong = new ArrayList<>();
        if (!change.statementsSha256().equals(statementsSha256)) {
            wrong.add("statementsSha256");
        }
        if (!change.effectSha256().equals(effectSha256)) {
            wrong.add("effectSha256");
        }
        if (!change.baseFingerprint().equals(baseFingerprint)) {
            wrong.add("baseFingerprint");
        }
        return wrong;
    }
}
