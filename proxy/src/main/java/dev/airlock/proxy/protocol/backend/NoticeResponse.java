package dev.airlock.proxy.protocol.backend;

import dev.airlock.proxy.protocol.BackendType;
import dev.airlock.proxy.protocol.Severity;
import io.netty.buffer.ByteBuf;
import java.util.LinkedHashMap;
import java.util.Map;

/** NoticeResponse ('N'): the same field list as an error, without ending anything. */
public record NoticeResponse(ErrorFields fields) implements BackendMessage {
    /** SQLSTATE 00000: a notice that reports no condition. */
    private static final String SUCCESSFUL_COMPLETION = "00000";

    public static NoticeResponse of(Severity severity, String message, String detail, String hint) {
        Map<Character, String> fields = new LinkedHashMap<>();
        fields.put(ErrorFields.SEVERITY, severity.name());
        fields.put(ErrorFields.SEVERITY_NONLOCALIZED, severity.name());
        fields.put(ErrorFields.CODE, SUCCESSFUL_COMPLETION);
        fields.put(ErrorFields.MESSAGE, message);
        if (detail != null) {
            fields.put(ErrorFields.DETAIL, detail);
        }
        if (hint != null) {
            fields.put(ErrorFields.HINT, hint);
        }
        return new NoticeResponse(new ErrorFields(fields));
    }

    @Override
    public byte type() {
        return BackendType.NOTICE_RESPONSE;
    }

    @Override
    public void writeBody(ByteBuf out) {
        fields.writeTo(out);
    }
}
