package dev.airlock.it;

import com.ongres.scram.client.ScramClient;
import com.ongres.scram.common.exception.ScramException;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A deliberately naive PostgreSQL client that writes whatever bytes a test asks for, to check how
 * Airlock answers malformed, hostile and unusual protocol traffic.
 */
public final class RawPgClient implements AutoCloseable {
    /** One message from the server. */
    public record Message(char type, byte[] body) {
        public Map<Character, String> fields() {
            Map<Character, String> fields = new LinkedHashMap<>();
            int i = 0;
            while (i < body.length && body[i] != 0) {
                char code = (char) body[i++];
                int end = i;
                while (body[end] != 0) {
                    end++;
                }
                fields.put(code, new String(body, i, end - i, StandardCharsets.UTF_8));
                i = end + 1;
            }
            return fields;
        }

        public String sqlState() {
            return fields().get('C');
        }

        public String severity() {
            return fields().get('V');
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /** A DataRow's first column as text (null for NULL). */
        public String firstColumn() {
            ByteBuffer row = ByteBuffer.wrap(body);
            row.getShort();
            int length = row.getInt();
            return length < 0 ? null : new String(body, row.position(), length, StandardCharsets.UTF_8);
        }
    }

    private final Socket socket;
    private final DataInputStream in;
    private final DataOutputStream out;

    private RawPgClient(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout(15_000);
        socket.setTcpNoDelay(true);
        this.in = new DataInputStream(new java.io.BufferedInputStream(socket.getInputStream()));
        this.out = new DataOutputStream(new java.io.BufferedOutputStream(socket.getOutputStream()));
    }

    public static RawPgClient connect(int port) throws IOException {
        return new RawPgClient(new Socket("127.0.0.1", port));
    }

    /** Connects and authenticates as the test application; returns after the first ReadyForQuery. */
    public static RawPgClient authenticated(int port, String database) throws IOException {
        RawPgClient client = connect(port);
        client.sendStartup(196608, List.of("user", TestAirlock.APPLICATION, "database", database));
        client.scram(TestAirlock.APPLICATION_PASSWORD);
        client.readUntilReady();
        return client;
    }

    /** Connects straight to a PostgreSQL that trusts {@code user} from loopback. */
    public static RawPgClient direct(int port, String database, String user) throws IOException {
        RawPgClient client = connect(port);
        client.sendStartup(196608, List.of("user", user, "database", database));
        client.readUntilReady();
        return client;
    }

    public void sendStartup(int version, List<String> keysAndValues) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (String item : keysAndValues) {
            body.writeBytes(item.getBytes(StandardCharsets.UTF_8));
            body.write(0);
        }
        body.write(0);
        out.writeInt(body.size() + 8);
        out.writeInt(version);
        out.write(body.toByteArray());
        out.flush();
    }

    public void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    public void send(char type, byte[] body) throws IOException {
        out.writeByte(type);
        out.writeInt(body.length + 4);
        out.write(body);
        out.flush();
    }

    public void query(String sql) throws IOException {
        send('Q', cstring(sql));
    }

    public static byte[] cstring(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        byte[] result = new byte[bytes.length + 1];
        System.arraycopy(bytes, 0, result, 0, bytes.length);
        return result;
    }

    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            all.writeBytes(part);
        }
        return all.toByteArray();
    }

    public static byte[] int16(int value) {
        return ByteBuffer.allocate(2).putShort((short) value).array();
    }

    public static byte[] int32(int value) {
        return ByteBuffer.allocate(4).putInt(value).array();
    }

    /** Parse, Bind, Execute of one statement (unnamed), without Sync. */
    public static byte[] parseBindExecute(String sql) {
        return concat(message('P', concat(cstring(""), cstring(sql), int16(0))),
                message('B', concat(cstring(""), cstring(""), int16(0), int16(0), int16(0))),
                message('E', concat(cstring(""), int32(0))));
    }

    public static byte[] message(char type, byte[] body) {
        return concat(new byte[] {(byte) type}, int32(body.length + 4), body);
    }

    /** Runs the SCRAM exchange with the given password; returns AuthenticationOk, or the ErrorResponse. */
    public Message scram(String password) throws IOException {
        Message request = read();
        if (request.type() != 'R') {
            return request;
        }
        List<String> mechanisms = new ArrayList<>();
        ByteBuffer body = ByteBuffer.wrap(request.body());
        body.getInt();
        StringBuilder name = new StringBuilder();
        while (body.hasRemaining()) {
            byte b = body.get();
            if (b == 0) {
                if (name.length() == 0) {
                    break;
                }
                mechanisms.add(name.toString());
                name.setLength(0);
            } else {
                name.append((char) b);
            }
        }
        ScramClient client = ScramClient.builder().advertisedMechanisms(List.of("SCRAM-SHA-256"))
                .username("*").password(password.toCharArray()).build();
        byte[] first = client.clientFirstMessage().toString().getBytes(StandardCharsets.UTF_8);
        send('p', concat(cstring("SCRAM-SHA-256"), int32(first.length), first));
        Message serverFirst = read();
        if (serverFirst.type() != 'R') {
            return serverFirst;
        }
        try {
            client.serverFirstMessage(new String(serverFirst.body(), 4, serverFirst.body().length - 4, StandardCharsets.UTF_8));
        } catch (ScramException e) {
            throw new IOException(e);
        }
        send('p', client.clientFinalMessage().toString().getBytes(StandardCharsets.UTF_8));
        Message last = read();
        while (last.type() == 'R' && ByteBuffer.wrap(last.body()).getInt() != 0) {
            last = read();
        }
        return last;
    }

    public Message read() throws IOException {
        int type = in.read();
        if (type < 0) {
            throw new EOFException("server closed the connection");
        }
        int length = in.readInt();
        byte[] body = new byte[length - 4];
        in.readFully(body);
        return new Message((char) type, body);
    }

    /**
     * Messages until the server closes the connection or says nothing for {@code quietMillis}
     * (whatever it sent by then; a message cut off by the silence is dropped).
     */
    public List<Message> readWhileTalking(int quietMillis) throws IOException {
        socket.setSoTimeout(quietMillis);
        List<Message> messages = new ArrayList<>();
        try {
            while (true) {
                messages.add(read());
            }
        } catch (IOException quietClosedOrReset) {
            return messages;
        }
    }

    /** Messages up to and including ReadyForQuery. */
    public List<Message> readUntilReady() throws IOException {
        List<Message> messages = new ArrayList<>();
        while (true) {
            Message message = read();
            messages.add(message);
            if (message.type() == 'Z') {
                return messages;
            }
            if (message.type() == 'E' && "FATAL".equals(message.severity())) {
                return messages;
            }
        }
    }

    /** The first ErrorResponse before the next ReadyForQuery, or null. */
    public Message readError() throws IOException {
        return readUntilReady().stream().filter(m -> m.type() == 'E').findFirst().orElse(null);
    }

    /** Whether the server closes the connection within {@code waitMillis} (reads end of stream). */
    public boolean isClosedByServer(int waitMillis) throws IOException {
        socket.setSoTimeout(waitMillis);
        return isClosedByServer();
    }

    /** True once the server has closed the connection (reads end of stream). */
    public boolean isClosedByServer() throws IOException {
        try {
            while (true) {
                if (in.read() < 0) {
                    return true;
                }
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    public int readByte() throws IOException {
        return in.read();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
