package dev.airlock.approver.notify;

import dev.airlock.approver.change.ChangeState;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What a webhook can be told of: a change filed for review, decided by its reviewers, applied on
 * production or failed there, and the quieter ends (expired, cancelled with its task, in need of
 * approval again after production drifted). Each is the change's arrival in one state.
 */
public enum WebhookEvent {
    FILED(ChangeState.PENDING),
    APPROVED(ChangeState.APPROVED),
    REJECTED(ChangeState.REJECTED),
    APPLIED(ChangeState.APPLIED),
    FAILED(ChangeState.FAILED),
    EXPIRED(ChangeState.EXPIRED),
    CANCELLED(ChangeState.CANCELLED),
    NEEDS_REAPPROVAL(ChangeState.NEEDS_REAPPROVAL);

    /** What a webhook hears of when its configuration names no events: new, decided, applied and failed changes. */
    public static final Set<WebhookEvent> DEFAULTS = EnumSet.of(FILED, APPROVED, REJECTED, APPLIED, FAILED);

    private final ChangeState state;

    WebhookEvent(ChangeState state) {
        this.state = state;
    }

    /** The event of a change arriving in {@code state}, if any (EXECUTING is not one). */
    public static Optional<WebhookEvent> of(ChangeState state) {
        for (WebhookEvent event : values()) {
            if (event.state == state) {
                return Optional.of(event);
            }
        }
        return Optional.empty();
    }

    /** The event named {@code name} (as in the configuration: {@code filed}, {@code applied}, ...). */
    public static WebhookEvent named(String name) {
        try {
            return valueOf(name.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + name + "' is not a webhook event; one of " + names());
        }
    }

    public static String names() {
        StringBuilder all = new StringBuilder();
        for (WebhookEvent event : values()) {
            all.append(all.length() == 0 ? "" : ", ").append(event.label());
        }
        return all.toString();
    }

    /** The name receivers see in {@code event}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
