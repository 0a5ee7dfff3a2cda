package dev.airlock.approver.production;

/** Production could not be read (or written, for the executor); nothing was decided on a guess. */
public final class ProductionUnavailableException extends RuntimeException {
    public ProductionUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
