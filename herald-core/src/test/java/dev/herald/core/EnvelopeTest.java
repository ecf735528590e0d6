package dev.herald.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EnvelopeTest {
  private static Envelope.Builder valid() {
    return Envelope.builder().id("e-1").source("orders").type("shop.order.placed").data("{}");
  }

  @Test
  void build_keepsEveryAttribute() {
    Instant time = Instant.parse("2026-03-04T05:06:07Z");
    Envelope envelope =
        valid()
            .time(time)
            .subject("o-1")
            .dataContentType("application/json")
            .dataSchema(URI.create("urn:herald:shop.order.placed:v1"))
            .extension(Envelope.CORRELATION_ID, "c-1")
            .extension(Envelope.CAUSATION_ID, "e-0")
            .extension(Envelope.PARTITION_KEY, "o-1")
            .extension(
                Envelope.TRACEPARENT, "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
            .build();

    assertThat(envelope.specVersion()).isEqualTo("1.0");
    assertThat(envelope.time()).contains(time);
    assertThat(envelope.subject()).contains("o-1");
    assertThat(envelope.dataContentType()).contains("application/json");
    assertThat(envelope.correlationId()).contains("c-1");
    assertThat(envelope.causationId()).contains("e-0");
    assertThat(envelope.partitionKey()).contains("o-1");
    assertThat(envelope.extension(Envelope.TRACEPARENT)).isPresent();
    assertThat(envelope.dataAsString()).isEqualTo("{}");
    assertThat(envelope.toBuilder().build()).isEqualTo(envelope);
  }

  @Test
  void build_rejectsMissingRequiredAttributesByName() {
    assertThatThrownBy(() -> valid().id(null).build())
        .isInstanceOfSatisfying(
            InvalidEnvelopeException.class, e -> assertThat(e.attribute()).isEqualTo("id"))
        .hasMessageContaining("required");
    assertThatThrownBy(() -> valid().source("").build())
        .isInstanceOfSatisfying(
            InvalidEnvelopeException.class, e -> assertThat(e.attribute()).isEqualTo("source"));
    assertThatThrownBy(() -> valid().type(null).build())
        .isInstanceOfSatisfying(
            InvalidEnvelopeException.class, e -> assertThat(e.attribute()).isEqualTo("type"));
  }

  @Test
  void build_rejectsOversizedAndControlCharacters() {
    assertThatThrownBy(() -> valid().type("t".repeat(1025)).build())
        .isInstanceOf(InvalidEnvelopeException.class)
        .hasMessageContaining("'type'")
        .hasMessageContaining("at most 1024");
    assertThatThrownBy(() -> valid().subject("a\nb").build())
        .isInstanceOf(InvalidEnvelopeException.class)
        .hasMessageContaining("'subject'")
        .hasMessageContaining("control character");
    assertThatThrownBy(() -> valid().extension("big", "x".repeat(4097)).build())
        .isInstanceOf(InvalidEnvelopeException.class)
        .hasMessageContaining("'big'");
  }

  @Test
  void build_rejectsSourceThatIsNoUriReference() {
    assertThatThrownBy(() -> valid().source("has space").build())
        .isInstanceOf(InvalidEnvelopeException.class)
        .hasMessageContaining("'source'")
        .hasMessageContaining("URI reference");
  }

  @Test
  void build_rejectsBadExtensionNames() {
    assertThatThrownBy(() -> valid().extension("Trace-Parent", "x").build())
        .isInstanceOfSatisfying(
            InvalidEnvelopeException.class,
            e -> assertThat(e.attribute()).isEqualTo("Trace-Parent"))
        .hasMessageContaining("lower-case letters or digits");
    assertThatThrownBy(() -> valid().extension("subject", "x").build())
        .isInstanceOf(InvalidEnvelopeException.class)
        .hasMessageContaining("context attribute");
  }

  @Test
  void constructor_rejectsOtherSpecVersions() {
    assertThatThrownBy(
            () ->
                new Envelope(
                    "e",
                    "s",
                    "0.3",
                    "t",
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Map.of(),
                    new byte[0]))
        .isInstanceOf(InvalidEnvelopeException.class)
        .hasMessageContaining("specversion");
  }

  @Test
  void equals_comparesDataByContent() {
    assertThat(valid().data("abc").build()).isEqualTo(valid().data("abc").build());
    assertThat(valid().data("abc").build()).isNotEqualTo(valid().data("abd").build());
    assertThat(valid().data("abc").build().hashCode())
        .isEqualTo(valid().data("abc").build().hashCode());
  }

  @Test
  void extensions_areSortedAndUnmodifiable() {
    Envelope envelope = valid().extension("zeta", "1").extension("alpha", "2").build();
    assertThat(envelope.extensions().keySet()).containsExactly("alpha", "zeta");
    assertThatThrownBy(() -> envelope.extensions().put("x", "y"))
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
