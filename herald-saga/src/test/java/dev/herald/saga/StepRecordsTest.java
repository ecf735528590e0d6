package dev.herald.saga;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.core.Envelope;
import dev.herald.eventstore.NewEvent;
import dev.herald.eventstore.RecordedEvent;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class StepRecordsTest {
  private static final Instant AT = Instant.parse("2026-01-01T10:00:00Z");

  private static RecordedEvent stored(NewEvent event) {
    return new RecordedEvent(
        "saga.test-k", 3, 17, event.id(), event.type(), event.data(), event.metadata(), AT);
  }

  @Test
  void aStep_readsBackAsWritten_withJsonDataEmbedded_andOtherDataAsBase64() {
    Envelope json =
        Envelope.builder()
            .id("e-1")
            .source("saga.test")
            .type("shop.payment.charge")
            .time(AT)
            .subject("o-1")
            .dataContentType("application/json")
            .dataSchema(URI.create("urn:herald:shop.payment.charge:v1"))
            .extension(Envelope.CORRELATION_ID, "flow-1")
            .extension(Envelope.PARTITION_KEY, "o-1")
            .data("{\"orderId\":\"o-1\",\"amount\":12.10}")
            .build();
    Envelope binary =
        Envelope.builder()
            .id("e-2")
            .source("saga.test")
            .type("x.y.z")
            .data(new byte[] {0, -1, 7})
            .build();
    Deadline deadline = new Deadline("d-1", "payment", AT.plusSeconds(900), "flow-1", "e-0");
    StepRecord step =
        new StepRecord(
            "e-0",
            "shop.stock.reserved",
            AT,
            "{\"status\":\"RESERVED\"}".getBytes(StandardCharsets.UTF_8),
            List.of(new Outgoing("shop.payment", json), new Outgoing("x.y", binary)),
            List.of(deadline),
            List.of(),
            false,
            "flow-1");

    NewEvent written = StepRecords.step(step);
    StepRecord read = ((StepRecords.Step) StepRecords.decode(stored(written))).record();

    assertThat(new String(written.data(), StandardCharsets.UTF_8))
        .contains("\"data\":{\"orderId\":\"o-1\",\"amount\":12.10}")
        .contains("\"data_base64\":\"AP8H\"");
    assertThat(read.outbox()).containsExactlyElementsOf(step.outbox());
    assertThat(read.scheduled()).containsExactly(deadline);
    assertThat(read.correlation()).isEqualTo("flow-1");
    assertThat(new String(read.state(), StandardCharsets.UTF_8))
        .isEqualTo("{\"status\":\"RESERVED\"}");
  }

  @Test
  void aSentMarker_readsBackWithItsStep() {
    assertThat(StepRecords.decode(stored(StepRecords.sent(4)))).isEqualTo(new StepRecords.Sent(4));
  }
}
