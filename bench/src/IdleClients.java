import com.ongres.scram.client.ScramClient;
import com.ongres.scram.common.ScramFunctions;
import com.ongres.scram.common.ScramMechanism;
import com.ongres.scram.common.ServerFirstMessage;
import com.ongres.scram.common.StringPreparation;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Opens N client connections to a PostgreSQL-protocol server, authenticates each with SCRAM (and
 * runs SELECT 1 when "query" is given), then holds them idle until stdin closes. Used by
 * bench/idle-clients.sh.
 * Usage: java -cp airlock.jar IdleClients.java PORT DATABASE USER PASSWORD COUNT [query]
 */
public class IdleClients {
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int count = Integer.parseInt(args[4]);
        boolean query = args.length > 5 && args[5].equals("query");
        List<Socket> sockets = new ArrayList<>();
        long started = System.nanoTime();
        for (int i = 0; i < count; i++) {
            sockets.add(open(port, args[1], args[2], args[3], query));
            if ((i + 1) % 1000 == 0) {
                System.err.printf("%d connected (%.1f s)%n", i + 1, (System.nanoTime() - started) / 1e9);
            }
        }
        System.out.println("READY " + sockets.size());
        System.out.flush();
        while (System.in.read() >= 0) {
            // hold the connections until the script closes our standard input
        }
        for (Socket socket : sockets) {
            socket.close();
        }
    }

    private static Socket open(int port, String database, String user, String password, boolean query) throws Exception {
        Socket socket = new Socket("127.0.0.1", port);
        // Buffered: each message leaves in one write (unbuffered, Nagle's algorithm and delayed ACKs
        // held every connection back by about 80 ms).
        DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(socket.getOutputStream()));
        DataInputStream in = new DataInputStream(socket.getInputStream());
        ByteArrayOutputStream startup = new ByteArrayOutputStream();
        for (String s : new String[] {"user", user, "database", database, "client_encoding", "UTF8"}) {
            startup.writeBytes(s.getBytes(StandardCharsets.UTF_8));
            startup.write(0);
        }
        startup.write(0);
        out.writeInt(startup.size() + 8);
        out.writeInt(196608);
        out.write(startup.toByteArray());
        out.flush();
        expect(in, 'R');
        ScramClient.PasswordBuildStage builder = ScramClient.builder().advertisedMechanisms(List.of("SCRAM-SHA-256"))
                .username("*");
        ScramClient scram = saltedPassword == null ? builder.password(password.toCharArray()).build()
                : builder.saltedPassword(saltedPassword).build();
        byte[] first = scram.clientFirstMessage().toString().getBytes(StandardCharsets.UTF_8);
        byte[] mechanism = "SCRAM-SHA-256\0".getBytes(StandardCharsets.UTF_8);
        send(out, 'p', ByteBuffer.allocate(mechanism.length + 4 + first.length).put(mechanism).putInt(first.length).put(first).array());
        byte[] serverFirst = expect(in, 'R');
        ServerFirstMessage serverFirstMessage = scram.serverFirstMessage(
                new String(serverFirst, 4, serverFirst.length - 4, StandardCharsets.UTF_8));
        if (saltedPassword == null) {
            // Every connection of this user gets the same salt: derive the salted password once.
            saltedPassword = ScramFunctions.saltedPassword(ScramMechanism.SCRAM_SHA_256, StringPreparation.POSTGRESQL_PREPARATION,
                    password.toCharArray(), java.util.Base64.getDecoder().decode(serverFirstMessage.getSalt()),
                    serverFirstMessage.getIterationCount());
        }
        send(out, 'p', scram.clientFinalMessage().toString().getBytes(StandardCharsets.UTF_8));
        while (read(in) != 'Z') {
            // AuthenticationSASLFinal, AuthenticationOk, ParameterStatus..., BackendKeyData
        }
        if (query) {
            send(out, 'Q', "SELECT 1\0".getBytes(StandardCharsets.UTF_8));
            while (read(in) != 'Z') {
                // RowDescription, DataRow, CommandComplete
            }
        }
        return socket;
    }

    private static void send(DataOutputStream out, char type, byte[] body) throws IOException {
        out.writeByte(type);
        out.writeInt(body.length + 4);
        out.write(body);
        out.flush();
    }

    private static byte[] lastBody;
    private static byte[] saltedPassword;

    private static char read(DataInputStream in) throws IOException {
        char type = (char) in.readByte();
        lastBody = new byte[in.readInt() - 4];
        in.readFully(lastBody);
        if (type == 'E') {
            throw new IOException("server error: " + new String(lastBody, StandardCharsets.UTF_8));
        }
        return type;
    }

    private static byte[] expect(DataInputStream in, char type) throws IOException {
        char got = read(in);
        if (got != type) {
            throw new IOException("expected " + type + " but got " + got);
        }
        return lastBody;
    }
}
