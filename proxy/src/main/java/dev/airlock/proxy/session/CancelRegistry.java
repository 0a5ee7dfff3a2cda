package dev.airlock.proxy.session;

import dev.airlock.proxy.protocol.backend.BackendKeyData;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Airlock's own BackendKeyData: each client session gets a random process id and secret, never
 * the production backend's, so one client can only cancel its own statements. A CancelRequest
 * with a matching pair is forwarded for that session's backend; anything else is dropped without
 * an answer, as PostgreSQL does.
 */
final class CancelRegistry {
    private record Entry(int secret, CancelTarget target) {
    }

    private final Map<Integer, Entry> sessions = new ConcurrentHashMap<>();
    private final SecureRandom random;

    CancelRegistry(SecureRandom random) {
        this.random = random;
    }

    BackendKeyData register(CancelTarget target) {
        while (true) {
            int processId = random.nextInt(Integer.MAX_VALUE - 1) + 1;
            int secret = random.nextInt();
            if (sessions.putIfAbsent(processId, new Entry(secret, target)) == null) {
                return new BackendKeyData(processId, secret);
            }
        }
    }

    void unregister(BackendKeyData key) {
        sessions.remove(key.processId());
    }

    /** True when the key matched a session (whose statement is then cancelled). */
    boolean cancel(int processId, int secret) {
        Entry entry = sessions.get(processId);
        if (entry == null || !MessageDigest.isEqual(intBytes(entry.secret), intBytes(secret))) {
            return false;
        }
        entry.target.cancelRunningStatement();
        return true;
    }

    private static byte[] intBytes(int value) {
        return new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
    }
}
