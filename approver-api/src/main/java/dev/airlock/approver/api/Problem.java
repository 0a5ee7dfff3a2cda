package dev.airlock.approver.api;

/**
 * An RFC 9457 problem: thrown by a handler, answered as {@code application/problem+json} with
 * {@code type}, {@code title}, {@code status} and {@code detail}.
 */
public final class Problem extends RuntimeException {
    private final int status;
    private final String type;
    private final String title;

    public Problem(int status, String slug, String title, String detail) {
        super(detail);
        this.status = status;
        this.type = "urn:airlock:problem:" + slug;
        this.title = title;
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String title() {
        return title;
    }

    /** The JSON body: the four members RFC 9457 defines. */
    public java.util.Map<String, Object> body() {
        java.util.Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("type", type);
        body.put("title", title);
        body.put("status", status);
        body.put("detail", getMessage());
        return body;
    }
}
