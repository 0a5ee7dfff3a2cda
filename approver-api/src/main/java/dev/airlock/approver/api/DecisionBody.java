package dev.airlock.approver.api;

/** The body of an approve or reject request: the hashes the reviewer saw, and a comment. */
record DecisionBody(String statementsSha256, String effectSha256, String baseFingerprint, String comment) {
}
