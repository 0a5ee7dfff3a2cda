package dev.airlock.proxy.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.channel.epoll.Epoll;
import org.junit.jupiter.api.Test;

class TransportTest {
    @Test
    void theSettingOffersAutoAndEveryTransport() {
        assertThat(Transport.choices()).containsExactly("auto", "io_uring", "epoll", "nio");
    }

    @Test
    void autoTakesTheFirstTransportThisMachineAllows() {
        Transport expected = Transport.IO_URING.isAvailable() ? Transport.IO_URING
                : Epoll.isAvailable() ? Transport.EPOLL : Transport.NIO;
        assertThat(Transport.select("auto")).isEqualTo(expected);
    }

    @Test
    void aNamedTransportIsTakenEvenWhenABetterOneIsAvailable() {
        assertThat(Transport.select("nio")).isEqualTo(Transport.NIO);
    }

    @Test
    void anUnknownTransportIsRefused() {
        assertThatThrownBy(() -> Transport.select("kqueue")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("kqueue");
    }
}
