package dev.airlock.proxy.protocol;

/** Severity of an ErrorResponse or NoticeResponse; FATAL ends the session. */
public enum Severity {
    ERROR,
    FATAL,
    WARNING,
    NOTICE,
    INFO,
    LOG
}
