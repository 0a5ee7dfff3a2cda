package dev.airlock.approver.api;

import dev.airlock.sandbox.catalog.CatalogSnapshot;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * Finds whom a bearer token belongs to (an approver, an admin). The presented token is hashed and
 * compared with every stored hash in constant time ({@link MessageDigest#isEqual}), all of them,
 * so the time taken says nothing about which hash came close. Only SHA-256 hashes of tokens are
 * ever stored.
 */
public final class BearerTokens<T> {
    private final List<T> holders;
    private final List<byte[]> hashes;

    public BearerTokens(List<T> holders, Function<T, String> tokenSha256) {
        this.holders = List.copyOf(holders);
        this.hashes = this.holders.stream().map(holder -> HexFormat.of().parseHex(tokenSha256.apply(holder))).toList();
    }

    public Optional<T> authenticate(String token) {
        if (token == null || token.isEmpty()) {
            return Optional.empty();
        }
        byte[] presented = HexFormat.of().parseHex(hash(token));
        T match = null;
        for (int i = 0; i < holders.size(); i++) {
            if (MessageDigest.isEqual(presented, hashes.get(i)) && match == null) {
                match = holders.get(i);
            }
        }
        return Optional.ofNullable(match);
    }

    /** The SHA-256 of a token (UTF-8), lower-case hex, as configuration stores it. */
    public static String hash(String token) {
        return CatalogSnapshot.sha256(token);
    }

    /** A configured token hash, checked and lower-cased; {@code who} names its holder in the error. */
    public static String checkedHash(String who, String tokenSha256) {
        String hash = tokenSha256.toLowerCase(Locale.ROOT);
        if (!hash.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException(who + ": the token hash must be 64 hex digits (SHA-256)");
        }
        return hash;
    }
}
