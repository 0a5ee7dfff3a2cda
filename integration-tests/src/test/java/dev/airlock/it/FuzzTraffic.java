package dev.airlock.it;

import static dev.airlock.it.RawPgClient.concat;
import static dev.airlock.it.RawPgClient.cstring;
import static dev.airlock.it.RawPgClient.int16;
import static dev.airlock.it.RawPgClient.int32;
import static dev.airlock.it.RawPgClient.message;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Hostile protocol traffic for the fuzz tests: well-formed frontend messages of every type (simple
 * and extended protocol, COPY, FunctionCall, Terminate, unknown types), carrying SQL from the
 * bypass corpus and from a pool of writes and tricks, in random order, then mutated: truncated,
 * given a lying length (negative, zero, short, huge), or with bytes flipped. Before authentication:
 * start-up packets with random parameters and versions, SSL, GSS and cancel requests, and the same
 * mutations.
 */
final class FuzzTraffic {
    /** Statements an attacker would like to get to production, and things that confuse scanners. */
    private static final List<String> HOSTILE_SQL = List.of(
            "DELETE FROM t", "UPDATE t SET v = 'fuzzed'", "INSERT INTO audit_sink(note) VALUES ('fuzz')",
            "SELECT f_write()", "SELECT * FROM v_side", "SELECT nextval('s')", "CREATE TABLE fuzz_created(id int)",
            "SET default_transaction_read_only = off", "BEGIN READ WRITE", "SET ROLE postgres",
            "SELECT set_config('default_transaction_read_only', 'off', false)", "SELECT 1; DELETE FROM t",
            "WITH d AS (DELETE FROM t RETURNING *) SELECT * FROM d", "COPY t FROM STDIN", "COPY (SELECT 1) TO STDOUT",
            "COPY t TO PROGRAM 'true'", "SELECT pg_advisory_lock(1)", "SELECT lo_import('/etc/passwd')",
            "PREPARE w AS DELETE FROM t", "EXECUTE w", "DEALLOCATE ALL", "SELECT E'\\'; DELETE FROM t; --'",
            "SELECT $q$; DELETE FROM t; $q$", "SELECT 1 /* nested /* comment */ ; DELETE FROM t */", "CALL p_write()",
            "DO $$BEGIN DELETE FROM t; END$$", "SELECT upper('x')", "SELECT * FROM t FOR UPDATE", "VACUUM t",
            "LOCK t", "NOTIFY fuzz", "LISTEN fuzz", "SELECT pg_sleep(0.01)", "SELECT * FROM t", "SELECT 1",
            "", ";", "SELECT '", "SELECT \"", "SELECT $", "U&'\\0041' UESCAPE '!'", "\u0000", "SELECT 1 \u0000 ; DELETE FROM t");

    private FuzzTraffic() {
    }

    /** SQL: the corpus's inputs (not the protocol-level entries), the pool above, and random text. */
    static Arbitrary<String> sql() {
        List<String> corpus = CorpusEntry.load().stream().filter(entry -> !entry.isProtocol()).map(CorpusEntry::input).toList();
        return Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.of(corpus)),
                Tuple.of(4, Arbitraries.of(HOSTILE_SQL)),
                Tuple.of(1, Arbitraries.strings().withChars("SELECT DELETE;'\"$-/*()eE\\ \n\u0000\u00e9")
                        .ofMaxLength(60)));
    }

    /** One well-formed frontend message of an authenticated session. */
    static Arbitrary<byte[]> sessionMessage() {
        Arbitrary<String> names = Arbitraries.of("", "s1", "s2", "airlock_refused", "w");
        return Arbitraries.frequencyOf(
                Tuple.of(5, sql().map(sql -> message('Q', cstring(sql)))),
                Tuple.of(5, Combinators.combine(names, sql(), Arbitraries.integers().between(0, 3))
                        .as((name, sql, types) -> {
                            byte[] oids = new byte[0];
                            for (int i = 0; i < types; i++) {
                                oids = concat(oids, int32(i == 0 ? 23 : 25));
                            }
                            return message('P', concat(cstring(name), cstring(sql), int16(types), oids));
                        })),
                Tuple.of(4, Combinators.combine(names, names, Arbitraries.integers().between(0, 3))
                        .as((portal, statement, count) -> {
                            byte[] values = new byte[0];
                            for (int i = 0; i < count; i++) {
                                values = concat(values, int32(1), new byte[] {(byte) ('1' + i)});
                            }
                            return message('B', concat(cstring(portal), cstring(statement), int16(0), int16(count),
                                    values, int16(0)));
                        })),
                Tuple.of(3, names.map(portal -> message('E', concat(cstring(portal), int32(0))))),
                Tuple.of(2, Combinators.combine(Arbitraries.of('S', 'P', 'x'), names)
                        .as((kind, name) -> message('D', concat(new byte[] {(byte) (char) kind}, cstring(name))))),
                Tuple.of(1, Combinators.combine(Arbitraries.of('S', 'P'), names)
                        .as((kind, name) -> message('C', concat(new byte[] {(byte) (char) kind}, cstring(name))))),
                Tuple.of(4, Arbitraries.just(message('S', new byte[0]))),
                Tuple.of(1, Arbitraries.just(message('H', new byte[0]))),
                Tuple.of(1, Arbitraries.bytes().array(byte[].class).ofMaxSize(40).map(data -> message('d', data))),
                Tuple.of(1, Arbitraries.just(message('c', new byte[0]))),
                Tuple.of(1, Arbitraries.just(message('f', cstring("fuzzed copy failure")))),
                Tuple.of(1, Arbitraries.just(message('F', concat(int32(1255), int16(0), int16(0), int16(0))))),
                Tuple.of(1, Combinators.combine(Arbitraries.integers().between(0, 255),
                        Arbitraries.bytes().array(byte[].class).ofMaxSize(30)).as((type, body) -> message((char) (int) type, body))));
    }

    /** A session's traffic: a few messages, each possibly mutated. */
    static Arbitrary<List<byte[]>> sessionTraffic() {
        return Combinators.combine(sessionMessage(), mutation()).as(Mutation::apply).list().ofMinSize(1).ofMaxSize(12);
    }

    /** What a client sends before it is authenticated. */
    static Arbitrary<byte[]> preAuthentication() {
        Arbitrary<List<String>> parameters = Arbitraries.of("user", "database", "options", "replication", "application_name",
                "client_encoding", "TimeZone", "search_path", "default_transaction_read_only", "", "user")
                .flatMap(key -> Arbitraries.of(TestAirlock.APPLICATION, TestProduction.CORPUS, "-c default_transaction_read_only=off",
                        "database", "UTF8", "LATIN1", "on", "", "x".repeat(300)).map(value -> List.of(key, value)))
                .list().ofMaxSize(6).map(pairs -> pairs.stream().flatMap(List::stream).toList());
        Arbitrary<byte[]> startup = Combinators.combine(Arbitraries.of(196608, 196609, 131072, 80877103, 80877104,
                80877102, 0, -1), parameters).as((version, keysAndValues) -> {
                    byte[] body = new byte[0];
                    for (String item : keysAndValues) {
                        body = concat(body, cstring(item));
                    }
                    body = concat(body, new byte[] {0});
                    return concat(int32(body.length + 8), int32(version), body);
                });
        Arbitrary<byte[]> cancel = Arbitraries.integers().list().ofSize(2).map(keys ->
                concat(int32(16), int32(80877102), int32(keys.get(0)), int32(keys.get(1))));
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(64);
        Arbitrary<byte[]> first = Arbitraries.frequencyOf(Tuple.of(6, startup),
                Tuple.of(1, cancel), Tuple.of(1, random));
        return Combinators.combine(first, mutation(), sessionMessage().list().ofMaxSize(2))
                .as((packet, mutation, after) -> {
                    byte[] all = mutation.apply(packet, 0);
                    for (byte[] next : after) {
                        all = concat(all, next);
                    }
                    return all;
                });
    }

    /** How one message is spoiled (or not). */
    record Mutation(Kind kind, int value, int position) {
        enum Kind { NONE, TRUNCATE, LIE_ABOUT_LENGTH, FLIP_BYTE }

        /** {@code bytes} spoiled; the length field sits at {@code lengthAt} (1 for a typed message, 0 for start-up). */
        byte[] apply(byte[] bytes, int lengthAt) {
            byte[] copy = bytes.clone();
            switch (kind) {
                case TRUNCATE -> {
                    return java.util.Arrays.copyOf(copy, Math.floorMod(position, Math.max(1, copy.length)));
                }
                case LIE_ABOUT_LENGTH -> {
                    if (copy.length >= lengthAt + 4) {
                        ByteBuffer.wrap(copy).putInt(lengthAt, value);
                    }
                }
                case FLIP_BYTE -> {
                    if (copy.length > 0) {
                        copy[Math.floorMod(position, copy.length)] ^= (byte) (1 << Math.floorMod(value, 8));
                    }
                }
                case NONE -> {
                }
            }
            return copy;
        }

        static byte[] apply(byte[] message, Mutation mutation) {
            return mutation.apply(message, 1);
        }
    }

    static Arbitrary<Mutation> mutation() {
        Arbitrary<Integer> lengths = Arbitraries.of(-1, 0, 3, 4, 7, 65_536, 70_000, 10_001, Integer.MAX_VALUE, Integer.MIN_VALUE);
        return Arbitraries.frequencyOf(
                Tuple.of(12, Arbitraries.just(new Mutation(Mutation.Kind.NONE, 0, 0))),
                Tuple.of(1, Arbitraries.integers().map(position -> new Mutation(Mutation.Kind.TRUNCATE, 0, position))),
                Tuple.of(1, lengths.map(length -> new Mutation(Mutation.Kind.LIE_ABOUT_LENGTH, length, 0))),
                Tuple.of(1, Combinators.combine(Arbitraries.integers(), Arbitraries.integers())
                        .as((bit, position) -> new Mutation(Mutation.Kind.FLIP_BYTE, bit, position))));
    }

    /** The bytes of a session's traffic, in one piece. */
    static byte[] joined(List<byte[]> messages) {
        List<byte[]> all = new ArrayList<>(messages);
        return concat(all.toArray(byte[][]::new));
    }

    static String describe(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1).replaceAll("[^\\x20-\\x7e]", ".");
    }
}
