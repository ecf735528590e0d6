package dev.herald.shop.app;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.core.HeraldException;
import dev.herald.core.Transports;
import dev.herald.core.spi.Transport;
import dev.herald.eventstore.memory.InMemoryEventStore;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ShopSettingsTest {
  @Test
  void start_bothADataDirectoryAndATransport_isRefusedSayingWhichToKeep() {
    try (Transport transport = Transports.memory();
        InMemoryEventStore store = new InMemoryEventStore()) {
      assertThatThrownBy(
              () ->
                  ShopApp.builder()
                      .dataDirectory(Path.of("x"))
                      .on(transport, store, Path.of("y"))
                      .start())
          .isInstanceOf(HeraldException.class)
          .hasMessageContaining("not both");
    }
  }

  @Test
  void start_noWhereToKeepData_isRefusedSayingHow() {
    assertThatThrownBy(() -> ShopApp.builder().start())
        .isInstanceOf(HeraldException.class)
        .hasMessageContaining("dataDirectory(DIR)");
  }

  @Test
  void start_settingsOutOfRange_areRefusedNamingThem() {
    assertThatThrownBy(
            () -> ShopApp.builder().dataDirectory(Path.of("x")).paymentFailureRate(1.5).start())
        .hasMessageContaining("payment failure rate");
    assertThatThrownBy(
            () ->
                ShopApp.builder()
                    .dataDirectory(Path.of("x"))
                    .paymentDeadline(Duration.ZERO)
                    .start())
        .hasMessageContaining("payment deadline");
    assertThatThrownBy(
            () ->
                ShopApp.builder()
                    .dataDirectory(Path.of("x"))
                    .shippingDelay(Duration.ofSeconds(-1))
                    .start())
        .hasMessageContaining("shipping delay");
  }
}
