package dev.airlock.sandbox.mirror;

/** Something production has that the mirror does not, by name, and why. */
public record MirrorGap(String object, String reason) {
}
