package dev.airlock.approver.notify;

import java.net.URI;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * One receiver of change notifications: where to POST, the secret its deliveries are signed with
 * (HMAC-SHA-256; the receiver holds the same secret) and the events it wants.
 */
public record WebhookTarget(URI url, String secret, Set<WebhookEvent> events) {
    public WebhookTarget {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(secret, "secret");
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || url.getHost() == null) {
            throw new IllegalArgumentException("url must be an http:// or https:// URL, not '" + url + "'");
        }
        if (url.getUserInfo() != null) {
            throw new IllegalArgumentException("url must not carry a user name or password; deliveries are signed instead");
        }
        if (secret.length() < 16) {
            throw new IllegalArgumentException("secret must be at least 16 characters");
        }
        events = events.isEmpty() ? WebhookEvent.DEFAULTS : EnumSet.copyOf(events);
    }

    /** Never the secret. */
    @Override
    public String toString() {
        return "WebhookTarget[" + url + " " + events + "]";
    }
}
