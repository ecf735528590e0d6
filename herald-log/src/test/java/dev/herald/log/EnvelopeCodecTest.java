package dev.herald.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.core.Envelope;
import java.net.URI;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class EnvelopeCodecTest {
  private final EnvelopeDecoder decoder = new EnvelopeDecoder();

  private Envelope roundTrip(Envelope envelope) {
    RecordBuffer buffer = new RecordBuffer(16);
    buffer.skip(3); // not at the start of the array, as in a record
    EnvelopeCodec.write(envelope, buffer);
    return decoder.decode(buffer.array(), 3, buffer.size());
  }

  @Test
  void roundTrip_keepsEveryAttribute() {
    byte[] data = new byte[70_000];
    Arrays.fill(data, (byte) 0xfe);
    data[0] = 0;
    Envelope envelope =
        Envelope.builder()
            .id("id-1")
            .source("urn:shop:orders")
            .type("shop.order.placed")
            .time(Instant.parse("2025-03-04T05:06:07.123456789Z"))
            .subject("order-ß-✓")
            .dataContentType("application/json")
            .dataSchema(URI.create("https://example.com/schemas/order-placed/1"))
            .extension(Envelope.CORRELATION_ID, "c-1")
            .extension(Envelope.CAUSATION_ID, "c-0")
            .extension(Envelope.PARTITION_KEY, "order-ß-✓")
            .extension(
                Envelope.TRACEPARENT, "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
            .extension("tenant", "ünïcødé 😀")
            .data(data)
            .build();

    assertThat(roundTrip(envelope)).isEqualTo(envelope);
    assertThat(roundTrip(envelope)).as("decoded again, from the caches").isEqualTo(envelope);
  }

  @Test
  void roundTrip_keepsAMinimalEnvelope() {
    Envelope envelope = Envelope.builder().id("i").source("s").type("t").data(new byte[0]).build();

    Envelope decoded = roundTrip(envelope);

    assertThat(decoded).isEqualTo(envelope);
    assertThat(decoded.time()).isEmpty();
    assertThat(decoded.subject()).isEmpty();
    assertThat(decoded.dataContentType()).isEmpty();
    assertThat(decoded.dataSchema()).isEmpty();
    assertThat(decoded.extensions()).isEmpty();
  }

  @Test
  void decode_refusesAFormatItDoesNotKnow() {
    RecordBuffer buffer = new RecordBuffer(16);
    EnvelopeCodec.write(Envelope.builder().id("i").source("s").type("t").build(), buffer);
    buffer.array()[0] = 2;

    assertThatThrownBy(() -> decoder.decode(buffer.array(), 0, buffer.size()))
        .isInstanceOf(EnvelopeDecoder.MalformedBodyException.class)
        .hasMessageContaining("format 2, which this version of Herald does not read");
  }

  @Test
  void decode_refusesACutBody() {
    RecordBuffer buffer = new RecordBuffer(16);
    EnvelopeCodec.write(
        Envelope.builder().id("i").source("s").type("t").data("abc").build(), buffer);

    assertThatThrownBy(() -> decoder.decode(buffer.array(), 0, buffer.size() - 1))
        .isInstanceOf(EnvelopeDecoder.MalformedBodyException.class)
        .hasMessageContaining("runs past the end of the record");
  }
}
