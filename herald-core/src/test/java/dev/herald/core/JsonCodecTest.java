package dev.herald.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JsonCodecTest {
  enum Status {
    OPEN,
    CLOSED
  }

  record Line(String sku, int quantity, BigDecimal price) {}

  record Order(
      String id,
      List<Line> lines,
      Map<String, Integer> stock,
      Set<String> tags,
      Instant at,
      LocalDate due,
      OffsetDateTime local,
      Duration timeout,
      Optional<String> note,
      Status status) {}

  private final Codec codec = Codec.json();

  private static Envelope envelope(String json) {
    return Envelope.builder().id("e-1").source("test").type("test.order").data(json).build();
  }

  @Test
  void roundTrip_keepsNestedRecordsCollectionsAndTime() {
    Order order =
        new Order(
            "o-1",
            List.of(
                new Line("sku-1", 2, new BigDecimal("9.99")), new Line("sku-2", 1, BigDecimal.TEN)),
            Map.of("sku-1", 5),
            Set.of("gift"),
            Instant.parse("2026-05-06T07:08:09.123456Z"),
            LocalDate.parse("2026-06-01"),
            OffsetDateTime.parse("2026-05-06T09:08:09+02:00"),
            Duration.ofMinutes(15),
            Optional.of("leave at door"),
            Status.OPEN);

    byte[] data = codec.encode(order);
    Order decoded =
        codec.decode(
            envelope(new String(data, java.nio.charset.StandardCharsets.UTF_8)), Order.class);

    assertThat(decoded).isEqualTo(order);
    assertThat(new String(data, java.nio.charset.StandardCharsets.UTF_8))
        .contains("\"at\":\"2026-05-06T07:08:09.123456Z\"")
        .contains("\"due\":\"2026-06-01\"");
    assertThat(codec.contentType()).isEqualTo("application/json");
  }

  @Test
  void decode_ignoresUnknownFields() {
    Line line =
        codec.decode(
            envelope("{\"sku\":\"a\",\"quantity\":3,\"price\":1,\"color\":\"red\"}"), Line.class);
    assertThat(line).isEqualTo(new Line("a", 3, BigDecimal.ONE));
  }

  @Test
  void decode_failureIsTypedAndCarriesTheEnvelope() {
    Envelope broken = envelope("{\"sku\": [not json");
    assertThatThrownBy(() -> codec.decode(broken, Line.class))
        .isInstanceOfSatisfying(
            DecodeException.class, e -> assertThat(e.envelope()).isSameAs(broken))
        .hasMessageContaining("cannot decode event e-1 of type test.order")
        .hasMessageContaining("not a valid Line");
  }

  @Test
  void decode_wrongFieldTypeIsTyped() {
    Envelope wrong = envelope("{\"sku\":\"a\",\"quantity\":\"many\"}");
    assertThatThrownBy(() -> codec.decode(wrong, Line.class)).isInstanceOf(DecodeException.class);
  }

  @Test
  void decode_jsonNullIsTyped() {
    assertThatThrownBy(() -> codec.decode(envelope("null"), Line.class))
        .isInstanceOf(DecodeException.class)
        .hasMessageContaining("JSON null");
  }
}
