package dev.airlock.proxy.protocol.backend;

import dev.airlock.proxy.protocol.BackendType;
import dev.airlock.proxy.protocol.Severity;
import dev.airlock.proxy.protocol.SqlState;
import io.netty.buffer.ByteBuf;
import java.util.LinkedHashMap;
import java.util.Map;

/** ErrorResponse ('E'). */
public record ErrorResponse(ErrorFields fields) implements BackendMessage {

    public static ErrorResponse of(Severity severity, SqlState sqlState, String message, String detail, String hint) {
        Map<Character, String> fields = new LinkedHashMap<>();
        fields.put(ErrorFields.SEVERITY, severity.name());
        fields.put(ErrorFields.SEVERITY_NONLOCALIZED, severity.name());
        fields.put(ErrorFields.CODE, sqlState.code());
        fields.put(ErrorFields.MESSAGE, message);
        if (detail != null) {
            fields.put(ErrorFields.DETAIL, detail);
        }
        if (hint != null) {
            fields.put(ErrorFields.HINT, hint);
        }
        return new ErrorResponse(new ErrorFields(fields));
    }

    public static ErrorResponse decode(ByteBuf body) {
        return new ErrorResponse(ErrorFields.decode(body));
    }

    public String sqlState() {
        return fields.get(ErrorFields.CODE);
    }

    public String message() {
        return fields.get(ErrorFields.MESSAGE);
    }

    /** The non-localised severity when the server sent one, else the localised one. */
    public String severity() {
        String severity = fields.get(ErrorFields.SEVERITY_NONLOCALIZED);
        return severity != null ? severity : fields.get(ErrorFields.SEVERITY);
    }

    public boolean isFatal() {
        return "FATAL".equals(severity()) || "PANIC".equals(severity());
    }

    @Override
    public byte type() {
        return BackendType.ERROR_RESPONSE;
    }

    @Override
    public void writeBody(ByteBuf out) {
        fields.writeTo(out);
    }
}
