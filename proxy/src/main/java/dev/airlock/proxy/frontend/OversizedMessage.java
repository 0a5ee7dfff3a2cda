package dev.airlock.proxy.frontend;

/** A message longer than the configured limit; its bytes were skipped, not buffered. */
public record OversizedMessage(byte type, long length) {
}
