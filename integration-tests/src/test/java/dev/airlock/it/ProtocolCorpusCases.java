package dev.airlock.it;

import static dev.airlock.it.RawPgClient.concat;
import static dev.airlock.it.RawPgClient.cstring;
import static dev.airlock.it.RawPgClient.int16;
import static dev.airlock.it.RawPgClient.int32;
import static dev.airlock.it.RawPgClient.message;
import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.it.RawPgClient.Message;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * The protocol entries of the bypass corpus (start-up, authentication, framing, extended
 * protocol), one check per entry id. Each describes bytes in prose, so each is written out here;
 * an entry without a check fails the corpus test instead of passing unseen.
 */
final class ProtocolCorpusCases {
    interface Check {
        void run(int port) throws IOException;
    }

    private static final byte[] SYNC = message('S', new byte[0]);
    private static final int SSL_REQUEST = (1234 << 16) | 5679;
    private static final int GSSENC_REQUEST = (1234 << 16) | 5680;
    private static final int CANCEL_REQUEST = (1234 << 16) | 5678;

    static final Map<String, Check> CHECKS = Map.ofEntries(
            Map.entry("B164", port -> extended(port, concat(message('P', concat(cstring(""), cstring("SELECT 1"), int16(0))),
                    RawPgClient.parseBindExecute("DELETE FROM t"), SYNC), "1", "E25006", "Z")),
            Map.entry("B166", port -> extended(port, concat(RawPgClient.parseBindExecute("SELECT 1; DELETE FROM t"), SYNC),
                    "E42601", "Z")),
            Map.entry("B167", port -> extended(port, concat(
                    message('B', concat(cstring(""), cstring("s_prepared_yesterday"), int16(0), int16(0), int16(0))),
                    message('E', concat(cstring(""), int32(0))), SYNC), "E26000", "Z")),
            Map.entry("B169", port -> {
                try (RawPgClient client = RawPgClient.authenticated(port, TestProduction.CORPUS)) {
                    client.query("DECLARE c CURSOR WITH HOLD FOR SELECT f_write()");
                    assertThat(client.readError().sqlState()).isEqualTo("25006");
                    client.sendRaw(concat(message('E', concat(cstring("c"), int32(0))), SYNC));
                    assertThat(client.readError().sqlState()).isEqualTo("34000");
                }
            }),
            Map.entry("B171", port -> extended(port, concat(RawPgClient.parseBindExecute("DELETE FROM t"),
                    RawPgClient.parseBindExecute("SELECT 1"), SYNC), "E25006", "Z")),
            Map.entry("B172", port -> {
                try (RawPgClient client = RawPgClient.authenticated(port, TestProduction.CORPUS)) {
                    client.send('F', concat(int32(2078), int16(0), int16(3), int32(29),
                            "default_transaction_read_only".getBytes(), int32(3), "off".getBytes(), int32(5),
                            "false".getBytes(), int16(0)));
                    assertThat(client.readError().sqlState()).isEqualTo("0A000");
                    assertStillReadOnly(client);
                }
            }),
            Map.entry("B174", port -> {
                try (RawPgClient client = RawPgClient.connect(port)) {
                    client.sendRaw(concat(int32(16), int32(CANCEL_REQUEST), int32(31337), int32(42)));
                    assertThat(client.readByte()).isEqualTo(-1);
                }
            }),
            Map.entry("B176", port -> {
                try (RawPgClient client = RawPgClient.connect(port)) {
                    client.sendRaw(concat(int32(8), int32(GSSENC_REQUEST)));
                    assertThat(client.readByte()).isEqualTo('N');
                }
            }),
            Map.entry("B177", port -> {
                try (RawPgClient client = RawPgClient.connect(port)) {
                    client.sendRaw(new byte[] {0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, (byte) 0xfc, 0x03, 0x03});
                    assertFatal(client.read(), "08P01");
                }
            }),
            Map.entry("B179", port -> {
                for (String value : List.of("true", "on", "yes", "1", "TRUE", "database")) {
                    startupRefused(port, 196608, "0A000", "user", "app", "database", "corpus", "replication", value);
                }
            }),
            Map.entry("B181", port -> {
                for (String value : List.of("-c default_transaction_read\\_only=off", "--default_transaction_read_only=off",
                        "-cdefault_transaction_read_only=off")) {
                    startupRefused(port, 196608, "08P01", "user", "app", "database", "corpus", "options", value);
                }
            }),
            Map.entry("B182", port -> startupRefused(port, 196608, "08P01", "user", "app", "database", "corpus",
                    "default_transaction_read_only", "off")),
            Map.entry("B184", port -> startupRefused(port, 196608, "08P01", "user", "app", "database", "corpus",
                    "user", "postgres")),
            Map.entry("B186", port -> {
                startupRefused(port, (3 << 16) | 2, "08P01", "user", "app", "database", "corpus", "_pq_.unknown", "1");
                startupRefused(port, (3 << 16) | 9999, "08P01", "user", "app", "database", "corpus", "_pq_.unknown", "1");
            }),
            Map.entry("B187", port -> startupRefused(port, 196608, "08P01", "user", "app", "database", "corpus",
                    "client_encoding", "SJIS")),
            Map.entry("B189", port -> {
                try (RawPgClient client = RawPgClient.connect(port)) {
                    client.sendRaw(concat(int32(10_001), int32(196608), new byte[9993]));
                    assertFatal(client.read(), "08P01");
                }
            }),
            Map.entry("B191", port -> afterLogin(port, concat(new byte[] {'Q'}, int32(0xFFFFFFFF), cstring("DELETE FROM t")), "08P01")),
            Map.entry("B192", port -> afterLogin(port, concat(new byte[] {'Q'}, int32(3), cstring("DELETE FROM t")), "08P01")),
            Map.entry("B194", port -> {
                try (RawPgClient client = RawPgClient.authenticated(port, TestProduction.CORPUS)) {
                    client.sendRaw(concat(message('Q', cstring("SELECT 1")), message('Q', cstring("DELETE FROM t"))));
                    assertThat(client.readError()).isNull();
                    assertThat(client.readError().sqlState()).isEqualTo("25006");
                }
            }),
            Map.entry("B196", port -> {
                try (RawPgClient client = RawPgClient.authenticated(port, TestProduction.CORPUS)) {
                    client.send('Q', concat(cstring("SELECT 1"), cstring("DELETE FROM t")));
                    assertThat(client.readError().sqlState()).isEqualTo("08P01");
                    assertStillReadOnly(client);
                }
            }),
            Map.entry("B197", port -> afterLogin(port, message('z', new byte[0]), "08P01")),
            Map.entry("B199", port -> {
                byte[] parse = message('P', concat(cstring("s1"), cstring("SELECT $1::int"), int16(0)));
                extended(port, concat(parse, message('B', concat(cstring(""), cstring("s1"), int16(0), int16(1),
                        int32(-2), int16(0))), SYNC), "1", "E08P01", "Z");
                extended(port, concat(parse, message('B', concat(cstring(""), cstring("s1"), int16(0), int16(2),
                        int32(1), "1".getBytes(), int32(1), "2".getBytes(), int16(0))), SYNC), "1", "E08P01", "Z");
            }),
            Map.entry("B201", port -> {
                try (RawPgClient client = RawPgClient.authenticated(port, TestProduction.CORPUS)) {
                    StringBuilder list = new StringBuilder("SELECT * FROM t WHERE id IN (0");
                    while (list.length() < 100_000_000) {
                        list.append(",123456789");
                    }
                    client.query(list.append(")").toString());
                    assertThat(client.readError().sqlState()).isEqualTo("54000");
                    assertStillReadOnly(client);
                }
            }),
            Map.entry("B202", port -> saslRefused(port, "SCRAM-SHA-256-PLUS", "p=tls-server-end-point,,n=,r=nonce1234", "08P01")),
            Map.entry("B204", port -> saslRefused(port, "SCRAM-SHA-256", "n,a=postgres,n=,r=nonce1234", "0A000")),
            Map.entry("B206", port -> {
                try (RawPgClient client = RawPgClient.connect(port)) {
                    client.sendStartup(196608, List.of("user", "app", "database", "corpus"));
                    assertThat(client.read().type()).isEqualTo('R');
                    byte[] first = "n,,n=,r=clientnonce".getBytes();
                    client.send('p', concat(cstring("SCRAM-SHA-256"), int32(first.length), first));
                    assertThat(client.read().type()).isEqualTo('R');
                    client.send('p', "c=biws,r=clientnonceREPLAYEDFROMELSEWHERE,p=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=".getBytes());
                    assertFatal(client.read(), "28P01");
                }
            }),
            Map.entry("B207", port -> {
                try (RawPgClient client = RawPgClient.connect(port)) {
                    client.sendStartup(196608, List.of("user", "no_such_user", "database", "corpus"));
                    Message answer = client.scram("guess");
                    assertFatal(answer, "28P01");
                    assertThat(answer.fields().get('M')).isEqualTo("password authentication failed for user \"no_such_user\"");
                }
            }),
            Map.entry("B209", port -> {
                try (RawPgClient client = RawPgClient.connect(port)) {
                    client.sendStartup(196608, List.of("user", "app", "database", "corpus"));
                    assertThat(client.read().type()).isEqualTo('R');
                    client.send('p', cstring(TestAirlock.APPLICATION_PASSWORD));
                    assertFatal(client.read(), "28000");
                }
            }),
            Map.entry("B211", port -> {
                try (RawPgClient client = RawPgClient.connect(port)) {
                    client.sendStartup(196608, List.of("user", "app", "database", "corpus"));
                    assertThat(client.read().type()).isEqualTo('R');
                    client.sendRaw(concat(new byte[] {'p'}, int32(70_000), new byte[1000]));
                    assertFatal(client.read(), "08P01");
                }
            }));

    private ProtocolCorpusCases() {
    }

    /** Sends extended-protocol bytes after login and expects these replies ("E" + SQLSTATE for errors). */
    private static void extended(int port, byte[] bytes, String... expected) throws IOException {
        try (RawPgClient client = RawPgClient.authenticated(port, TestProduction.CORPUS)) {
            client.sendRaw(bytes);
            List<String> replies = client.readUntilReady().stream()
                    .map(m -> m.type() == 'E' ? "E" + m.sqlState() : String.valueOf(m.type()))
                    .toList();
            assertThat(replies).containsExactly(expected);
            assertStillReadOnly(client);
        }
    }

    private static void afterLogin(int port, byte[] bytes, String sqlState) throws IOException {
        try (RawPgClient client = RawPgClient.authenticated(port, TestProduction.CORPUS)) {
            client.sendRaw(bytes);
            assertFatal(client.read(), sqlState);
            assertThat(client.isClosedByServer()).isTrue();
        }
    }

    private static void startupRefused(int port, int version, String sqlState, String... keysAndValues) throws IOException {
        try (RawPgClient client = RawPgClient.connect(port)) {
            client.sendStartup(version, List.of(keysAndValues));
            assertFatal(client.read(), sqlState);
            assertThat(client.isClosedByServer()).isTrue();
        }
    }

    private static void saslRefused(int port, String mechanism, String clientFirst, String sqlState) throws IOException {
        try (RawPgClient client = RawPgClient.connect(port)) {
            client.sendStartup(196608, List.of("user", "app", "database", "corpus"));
            assertThat(client.read().type()).isEqualTo('R');
            byte[] first = clientFirst.getBytes();
            client.send('p', concat(cstring(mechanism), int32(first.length), first));
            assertFatal(client.read(), sqlState);
        }
    }

    static void assertFatal(Message message, String sqlState) {
        assertThat(message.type()).as("message type").isEqualTo('E');
        assertThat(message.severity()).isEqualTo("FATAL");
        assertThat(message.sqlState()).isEqualTo(sqlState);
    }

    /** The session still works and is still read-only on production. */
    static void assertStillReadOnly(RawPgClient client) throws IOException {
        client.query("SHOW default_transaction_read_only");
        assertThat(client.readUntilReady()).anyMatch(m -> m.type() == 'D' && m.text().endsWith("on"));
    }
}
