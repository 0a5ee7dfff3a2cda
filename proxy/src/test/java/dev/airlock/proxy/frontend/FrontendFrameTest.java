package dev.airlock.proxy.frontend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.proxy.protocol.PgException;
import dev.airlock.proxy.protocol.frontend.Parse;
import dev.airlock.proxy.protocol.frontend.Query;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FrontendFrameTest {
    private static FrontendFrame frame(char type, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ByteBuf buf = Unpooled.buffer().writeByte(type).writeInt(4 + bytes.length).writeBytes(bytes);
        return new FrontendFrame((byte) type, buf);
    }

    @Test
    void decodeReadsTheBodyAndLeavesTheFrameToBeRelayed() {
        FrontendFrame frame = frame('Q', "SELECT 1\0");
        assertThat(frame.decode(Query::decode).sql()).isEqualTo("SELECT 1");
        assertThat(frame.refCnt()).isEqualTo(1);
        assertThat(frame.frame().readableBytes()).isEqualTo(14);
        frame.release();
    }

    @Test
    void aMalformedBodyReleasesTheFrameAndRaisesTheDecodersError() {
        FrontendFrame frame = frame('P', "stmt\0SELECT 1");
        assertThatThrownBy(() -> frame.decode(Parse::decode)).isInstanceOf(PgException.class);
        assertThat(frame.refCnt()).isZero();
    }
}
