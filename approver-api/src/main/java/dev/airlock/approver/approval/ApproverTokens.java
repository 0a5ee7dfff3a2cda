package dev.airlock.approver.approval;

import dev.airlock.sandbox.catalog.CatalogSnapshot;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Finds the approver a bearer token belongs to. The presented token is hashed and compared with
 * every stored hash in constant time ({@link MessageDigest#isEqual}), all of them, so the time
 * taken says nothing about which hash came close.
 */
public final class ApproverTokens {
    private final List<Approver> approvers;

    public ApproverTokens(List<Approver> approvers) {
        this.approvers = List.copyOf(approvers);
    }

    public Optional<Approver> authenticate(String token) {
        if (token == null || token.isEmpty()) {
            return Optional.empty();
        }
        byte[] presented = HexFormat.of().parseHex(CatalogSnapshot.sha256(token));
        Approver match = null;
        for (Approver approver : approvers) {
            if (MessageDigest.isEqual(presented, HexFormat.of().parseHex(approver.tokenSha256())) && match == null) {
                match = approver;
            }
        }
        return Optional.ofNullable(match);
    }

    /** The SHA-256 of a token (UTF-8), as {@link Approver#tokenSha256()} stores it. */
    public static String hash(String token) {
        return CatalogSnapshot.sha256(token);
    }
}
