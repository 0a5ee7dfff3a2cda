package dev.airlock.approver.task;

/** A task that ended (by request, TTL or its agent being disabled), and why, in words for its sessions. */
public record TaskEnded(String taskId, String agent, String reason) {
}
