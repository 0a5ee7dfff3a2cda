package dev.airlock.proxy.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.proxy.protocol.backend.AuthenticationRequest;
import dev.airlock.proxy.protocol.backend.BackendKeyData;
import dev.airlock.proxy.protocol.backend.BackendMessage;
import dev.airlock.proxy.protocol.backend.CommandComplete;
import dev.airlock.proxy.protocol.backend.ErrorResponse;
import dev.airlock.proxy.protocol.backend.NegotiateProtocolVersion;
import dev.airlock.proxy.protocol.backend.NoticeResponse;
import dev.airlock.proxy.protocol.backend.ParameterStatus;
import dev.airlock.proxy.protocol.backend.ReadyForQuery;
import dev.airlock.proxy.protocol.backend.TransactionStatus;
import dev.airlock.proxy.protocol.frontend.Bind;
import dev.airlock.proxy.protocol.frontend.CancelRequest;
import dev.airlock.proxy.protocol.frontend.Close;
import dev.airlock.proxy.protocol.frontend.CopyFail;
import dev.airlock.proxy.protocol.frontend.Describe;
import dev.airlock.proxy.protocol.frontend.DescribeTarget;
import dev.airlock.proxy.protocol.frontend.Execute;
import dev.airlock.proxy.protocol.frontend.FrontendMessage;
import dev.airlock.proxy.protocol.frontend.Parse;
import dev.airlock.proxy.protocol.frontend.PasswordMessage;
import dev.airlock.proxy.protocol.frontend.Query;
import dev.airlock.proxy.protocol.frontend.SaslInitialResponse;
import dev.airlock.proxy.protocol.frontend.SaslResponse;
import dev.airlock.proxy.protocol.frontend.StartupMessage;
import dev.airlock.proxy.protocol.frontend.Sync;
import dev.airlock.proxy.protocol.frontend.Terminate;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Every message Airlock writes, byte for byte, and every one it reads, decoded back. */
class MessageBytesTest {
    private static String hex(Consumer<ByteBuf> writer) {
        ByteBuf out = Unpooled.buffer();
        writer.accept(out);
        return ByteBufUtil.hexDump(out);
    }

    private static String hex(BackendMessage message) {
        return hex(message::encode);
    }

    private static String hex(FrontendMessage message) {
        return hex(message::encode);
    }

    private static ByteBuf body(String hex) {
        return Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump(hex));
    }

    @Test
    void serverMessages() {
        assertThat(hex(new ReadyForQuery(TransactionStatus.IDLE))).isEqualTo("5a0000000549");
        assertThat(hex(new ReadyForQuery(TransactionStatus.FAILED))).isEqualTo("5a0000000545");
        assertThat(hex(new ParameterStatus("a", "b"))).isEqualTo("53000000086100" + "6200");
        assertThat(hex(new BackendKeyData(1, -1))).isEqualTo("4b0000000c00000001ffffffff");
        assertThat(hex(new CommandComplete("SET"))).isEqualTo("430000000853455400");
        assertThat(hex(new AuthenticationRequest.Ok())).isEqualTo("520000000800000000");
        assertThat(hex(new AuthenticationRequest.Sasl(List.of("SCRAM-SHA-256"))))
                .isEqualTo("5200000017" + "0000000a" + ByteBufUtil.hexDump("SCRAM-SHA-256".getBytes(StandardCharsets.US_ASCII)) + "0000");
        assertThat(hex(new AuthenticationRequest.SaslContinue(new byte[] {1, 2}))).isEqualTo("520000000a0000000b0102");
        assertThat(hex(new AuthenticationRequest.SaslFinal(new byte[] {3}))).isEqualTo("52000000090000000c03");
        assertThat(hex(new NegotiateProtocolVersion(0, List.of("_pq_.x"))))
                .isEqualTo("760000001300000000" + "00000001" + "5f70715f2e7800");
        assertThat(hex(ErrorResponse.of(Severity.FATAL, SqlState.PROTOCOL_VIOLATION, "m", null, "h")))
                .isEqualTo("45000000" + "20" + "53464154414c00" + "5646415441 4c00".replace(" ", "")
                        + "433038503031 00".replace(" ", "") + "4d6d00" + "486800" + "00");
        assertThat(hex(NoticeResponse.of(Severity.NOTICE, "n", null, null)))
                .startsWith("4e").contains("433030303030" + "00").endsWith("4d6e0000");
    }

    @Test
    void clientMessages() {
        assertThat(hex(new Query("SELECT 1"))).isEqualTo("510000000d53454c454354203100");
        assertThat(hex(new Parse("s", "x", new int[] {23}))).isEqualTo("500000000e7300780000010000" + "0017");
        assertThat(hex(new Bind("", "s", new short[] {1}, Arrays.asList(new byte[] {9}, null), new short[0])))
                .isEqualTo("4200000018" + "00" + "7300" + "0001" + "0001" + "0002" + "0000000109" + "ffffffff" + "0000");
        assertThat(hex(new Describe(DescribeTarget.PORTAL, "p"))).isEqualTo("4400000007" + "50" + "7000");
        assertThat(hex(new Close(DescribeTarget.STATEMENT, ""))).isEqualTo("4300000006" + "53" + "00");
        assertThat(hex(new Execute("", 50))).isEqualTo("4500000009" + "00" + "00000032");
        assertThat(hex(new Sync())).isEqualTo("5300000004");
        assertThat(hex(new Terminate())).isEqualTo("5800000004");
        assertThat(hex(new CopyFail("no"))).isEqualTo("66000000076e6f00");
        assertThat(hex(new PasswordMessage("pw"))).isEqualTo("700000000770770 0".replace(" ", ""));
        assertThat(hex(new SaslInitialResponse("M", new byte[] {1}))).isEqualTo("700000000b" + "4d00" + "00000001" + "01");
        assertThat(hex(new SaslResponse(new byte[] {2, 3}))).isEqualTo("70000000060203");
        assertThat(hex(new CancelRequest(7, 8)::encode)).isEqualTo("00000010" + "04d2162e" + "00000007" + "00000008");
        assertThat(hex(StartupMessage.protocol30(List.of(new StartupMessage.Parameter("user", "u")))::encode))
                .isEqualTo("00000010" + "00030000" + "7573657200" + "7500" + "00");
    }

    @Test
    void decodingGivesBackWhatWasEncoded() {
        Bind bind = Bind.decode(body("00" + "7300" + "0001" + "0001" + "0002" + "0000000109" + "ffffffff" + "0000"));
        assertThat(bind.statement()).isEqualTo("s");
        assertThat(bind.parameterValues()).hasSize(2);
        assertThat(bind.parameterValues().get(0)).containsExactly(9);
        assertThat(bind.parameterValues().get(1)).isNull();
        assertThat(Parse.decode(body("7300" + "7800" + "0001" + "00000017")).parameterTypes()).containsExactly(23);
        assertThat(Query.decode(body("53454c454354203100")).sql()).isEqualTo("SELECT 1");
        assertThat(ReadyForQuery.decode(body("54")).status()).isEqualTo(TransactionStatus.IN_TRANSACTION);
        assertThat(ErrorResponse.decode(body("5645525200" + "4334323630310000")).sqlState()).isEqualTo("42601");
        AuthenticationRequest sasl = AuthenticationRequest.decode(body("0000000a" + "4d00" + "00"));
        assertThat(sasl).isEqualTo(new AuthenticationRequest.Sasl(List.of("M")));
    }

    @Test
    void malformedBodiesAreProtocolViolations() {
        assertThatViolation(() -> Query.decode(body("53454c454354203100" + "4400")));
        assertThatViolation(() -> Query.decode(body("53454c")));
        assertThatViolation(() -> Parse.decode(body("7300" + "7800" + "0002" + "00000017")));
        assertThatViolation(() -> Bind.decode(body("00" + "7300" + "0000" + "0001" + "fffffffe" + "0000")));
        assertThatViolation(() -> Describe.decode(body("5a" + "7000")));
    }

    private static void assertThatViolation(Runnable decode) {
        org.assertj.core.api.Assertions.assertThatThrownBy(decode::run)
                .isInstanceOfSatisfying(PgException.class, e -> assertThat(e.sqlState()).isEqualTo(SqlState.PROTOCOL_VIOLATION));
    }

    @Test
    void invalidUtf8IsRefusedAsPostgresDoes() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Query.decode(body("c328" + "00")))
                .isInstanceOfSatisfying(PgException.class, e -> assertThat(e.sqlState()).isEqualTo(SqlState.CHARACTER_NOT_IN_REPERTOIRE));
    }
}
