package dev.airlock.proxy.protocol;

/**
 * Type bytes of messages a client sends, named after PostgreSQL's {@code PqMsg_*} constants.
 * The four "p" messages (password, SASL initial response, SASL response, GSS response) share one
 * byte; which one it is depends on the authentication exchange in progress.
 */
public final class FrontendType {
    public static final byte BIND = 'B';
    public static final byte CLOSE = 'C';
    public static final byte DESCRIBE = 'D';
    public static final byte EXECUTE = 'E';
    public static final byte FUNCTION_CALL = 'F';
    public static final byte FLUSH = 'H';
    public static final byte PARSE = 'P';
    public static final byte QUERY = 'Q';
    public static final byte SYNC = 'S';
    public static final byte TERMINATE = 'X';
    public static final byte COPY_DATA = 'd';
    public static final byte COPY_DONE = 'c';
    public static final byte COPY_FAIL = 'f';
    public static final byte AUTHENTICATION_RESPONSE = 'p';

    /** Request codes carried in the version field of untyped start-up packets. */
    public static final int PROTOCOL_3_0 = 3 << 16;
    public static final int CANCEL_REQUEST_CODE = (1234 << 16) | 5678;
    public static final int SSL_REQUEST_CODE = (1234 << 16) | 5679;
    public static final int GSSENC_REQUEST_CODE = (1234 << 16) | 5680;

    private FrontendType() {
    }
}
