package dev.airlock.sandbox.catalog;

/**
 * A user object of a kind the snapshot does not model (a cast, collation, foreign server, event
 * trigger, publication, ...), named by {@code pg_identify_object}. It counts in the fingerprint and
 * the mirror reports it as not mirrored.
 */
public record UnmodeledObject(String kind, String identity) {
}
