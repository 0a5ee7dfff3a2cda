package dev.airlock.approver.notify;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The webhooks and how hard each delivery is tried: {@code attempts} in all, the first retry after
 * {@code firstRetry}, each later one after twice the pause before it.
 */
public record WebhookSettings(List<WebhookTarget> targets, Duration firstRetry, int attempts) {
    public static final WebhookSettings NONE = new WebhookSettings(List.of(), Duration.ofSeconds(1), 6);

    public WebhookSettings {
        targets = List.copyOf(targets);
        Objects.requireNonNull(firstRetry, "firstRetry");
        if (firstRetry.isNegative() || firstRetry.isZero()) {
            throw new IllegalArgumentException("the first retry must come after a positive pause");
        }
        if (attempts < 1) {
            throw new IllegalArgumentException("a delivery is attempted at least once");
        }
    }
}
