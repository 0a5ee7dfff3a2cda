package dev.airlock.proxy.protocol;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import io.netty.util.ByteProcessor;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reading and writing the protocol's primitive fields. Strings are NUL-terminated UTF-8 (the only
 * client encoding Airlock accepts); decoding is strict, as PostgreSQL's is, so the text the gate
 * classifies is exactly the text the server would parse.
 */
public final class Wire {
    private Wire() {
    }

    /** Reads a NUL-terminated UTF-8 string, or throws 08P01 when there is no terminator. */
    public static String readCString(ByteBuf buf) {
        int nul = buf.indexOf(buf.readerIndex(), buf.writerIndex(), (byte) 0);
        if (nul < 0) {
            throw PgException.error(SqlState.PROTOCOL_VIOLATION, "invalid string in message");
        }
        String value = decodeUtf8(buf, buf.readerIndex(), nul - buf.readerIndex());
        buf.readerIndex(nul + 1);
        return value;
    }

    /** Throws 08P01 unless the message body has been read to its last byte, as PostgreSQL's pq_getmsgend. */
    public static void expectEnd(ByteBuf body) {
        if (body.isReadable()) {
            throw PgException.error(SqlState.PROTOCOL_VIOLATION, "invalid message format");
        }
    }

    public static int readInt(ByteBuf body) {
        requireReadable(body, 4);
        return body.readInt();
    }

    public static short readShort(ByteBuf body) {
        requireReadable(body, 2);
        return body.readShort();
    }

    public static byte readByte(ByteBuf body) {
        requireReadable(body, 1);
        return body.readByte();
    }

    public static byte[] readBytes(ByteBuf body, int length) {
        if (length < 0) {
            throw PgException.error(SqlState.PROTOCOL_VIOLATION, "invalid message format");
        }
        requireReadable(body, length);
        byte[] bytes = new byte[length];
        body.readBytes(bytes);
        return bytes;
    }

    private static void requireReadable(ByteBuf body, int length) {
        if (body.readableBytes() < length) {
            throw PgException.error(SqlState.PROTOCOL_VIOLATION, "invalid message format");
        }
    }

    private static final ByteProcessor IS_ASCII = value -> value >= 0;
    private static final ThreadLocal<CharsetDecoder> STRICT_UTF8 = ThreadLocal.withInitial(() ->
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT));

    /** Strict UTF-8 (invalid sequences are 22021, as in PostgreSQL); plain ASCII takes a fast path. */
    public static String decodeUtf8(ByteBuf buf, int index, int length) {
        if (buf.forEachByte(index, length, IS_ASCII) == -1) {
            return buf.toString(index, length, StandardCharsets.US_ASCII);
        }
        ByteBuffer bytes = buf.nioBufferCount() == 1
                ? buf.nioBuffer(index, length)
                : ByteBuffer.wrap(readRange(buf, index, length));
        try {
            return STRICT_UTF8.get().reset().decode(bytes).toString();
        } catch (CharacterCodingException e) {
            throw PgException.error(SqlState.CHARACTER_NOT_IN_REPERTOIRE, "invalid byte sequence for encoding \"UTF8\"");
        }
    }

    private static byte[] readRange(ByteBuf buf, int index, int length) {
        byte[] bytes = new byte[length];
        buf.getBytes(index, bytes);
        return bytes;
    }

    public static void writeCString(ByteBuf out, String value) {
        out.writeCharSequence(value, StandardCharsets.UTF_8);
        out.writeByte(0);
    }

    /** Writes a type byte and a length placeholder; returns the offset to pass to {@link #endMessage}. */
    public static int beginMessage(ByteBuf out, byte type) {
        out.writeByte(type);
        int lengthAt = out.writerIndex();
        out.writeInt(0);
        return lengthAt;
    }

    /** Patches the length of a message begun with {@link #beginMessage} or {@link #beginUntyped}. */
    public static void endMessage(ByteBuf out, int lengthAt) {
        out.setInt(lengthAt, out.writerIndex() - lengthAt);
    }

    /** Start-up packets have no type byte: only a length. */
    public static int beginUntyped(ByteBuf out) {
        int lengthAt = out.writerIndex();
        out.writeInt(0);
        return lengthAt;
    }
}
