package dev.herald.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CloudEventJsonTest {
  private static final String HEAD =
      "{\"specversion\":\"1.0\",\"id\":\"e-1\",\"source\":\"/shop\",\"type\":\"shop.order.placed\"";

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void read_takesEveryAttributeExtensionAndJsonData_exactly() {
    Envelope envelope =
        CloudEventJson.read(
            bytes(
                HEAD
                    + ",\"time\":\"2026-01-02T03:04:05+01:00\",\"subject\":\"o-1\""
                    + ",\"dataschema\":\"urn:s\",\"correlationid\":\"c-1\",\"count\":3"
                    + ",\"data\":{\"cents\":1.50}}"));

    assertThat(envelope.id()).isEqualTo("e-1");
    assertThat(envelope.time()).contains(Instant.parse("2026-01-02T02:04:05Z"));
    assertThat(envelope.subject()).contains("o-1");
    assertThat(envelope.dataContentType()).contains("application/json");
    assertThat(envelope.correlationId()).contains("c-1");
    assertThat(envelope.extension("count")).contains("3");
    assertThat(envelope.dataAsString()).isEqualTo("{\"cents\":1.50}");
  }

  @Test
  void write_thenRead_givesTheSameEnvelope() {
    Envelope json =
        Envelope.builder()
            .id("e-2")
            .source("s")
            .type("t")
            .time(Instant.parse("2026-03-04T05:06:07.123Z"))
            .dataContentType("application/json")
            .extension("correlationid", "c")
            .data("{\"a\":[1,2.50]}")
            .build();
    Envelope binary =
        Envelope.builder()
            .id("e-3")
            .source("s")
            .type("t")
            .dataContentType("application/octet-stream")
            .data(new byte[] {0, 1, -1})
            .build();

    for (Envelope envelope : List.of(json, binary)) {
      byte[] written = bytes(CloudEventJson.write(envelope).toString());
      assertThat(CloudEventJson.read(written)).isEqualTo(envelope);
    }
    assertThat(CloudEventJson.write(binary).has("data_base64")).isTrue();
  }

  @Test
  void write_givesDataItCannotReadAsJson_asBase64() {
    Envelope huge =
        Envelope.builder()
            .id("e-4")
            .source("s")
            .type("t")
            .dataContentType("application/json")
            .data("9999e999999999999999999")
            .build();

    assertThat(CloudEventJson.write(huge).get("data_base64").asText())
        .isEqualTo(java.util.Base64.getEncoder().encodeToString(huge.data()));
  }

  @Test
  void readBatch_readsEachInOrder_andNamesTheEventAtFault() {
    String batch = "[" + HEAD + "}," + HEAD.replace("e-1", "e-2") + "}]";
    assertThat(CloudEventJson.readBatch(bytes(batch)))
        .extracting(Envelope::id)
        .containsExactly("e-1", "e-2");

    assertThatThrownBy(
            () -> CloudEventJson.readBatch(bytes("[" + HEAD + "}," + HEAD + ",\"time\":\"x\"}]")))
        .isInstanceOf(InvalidEnvelopeException.class)
        .hasMessageContaining("event 1 of the batch")
        .hasMessageContaining("RFC 3339")
        .extracting(e -> ((InvalidEnvelopeException) e).attribute())
        .isEqualTo("time");
    assertThatThrownBy(() -> CloudEventJson.readBatch(bytes(HEAD + "}")))
        .hasMessageContaining("JSON array");
  }

  @Test
  void read_refusesWhatIsNoCloudEvent_namingTheAttribute() {
    assertRefused("", "event", "empty");
    assertRefused("{\"specversion\":", "event", "not valid JSON");
    assertRefused(HEAD + "} trailing", "event", "not valid JSON");
    assertRefused(HEAD + ",\"id\":\"again\"}", "event", "Duplicate field 'id'");
    assertRefused("[1]", "event", "JSON object");
    assertRefused(HEAD.replace("1.0", "0.3") + "}", "specversion", "'0.3'");
    assertRefused("{\"id\":\"e\",\"source\":\"s\",\"type\":\"t\"}", "specversion", "is missing");
    assertRefused(HEAD.replace("\"e-1\"", "7") + "}", "id", "JSON string");
    assertRefused(HEAD + ",\"data\":1,\"data_base64\":\"AA==\"}", "data", "both");
    assertRefused(HEAD + ",\"data_base64\":\"%%\"}", "data_base64", "base64");
    assertRefused(HEAD + ",\"ext\":{\"a\":1}}", "ext", "extensions are strings");
    assertRefused(HEAD + ",\"dataschema\":\"a b\"}", "dataschema", "not a URI");
    assertRefused(HEAD.replace("\"/shop\"", "\"\"") + "}", "source", "");
    assertRefused(HEAD + ",\"data\":9999e999999999999999999}", "event", "number");
  }

  private static void assertRefused(String json, String attribute, String message) {
    assertThatThrownBy(() -> CloudEventJson.read(bytes(json)))
        .isInstanceOf(InvalidEnvelopeException.class)
        .hasMessageContaining(message)
        .extracting(e -> ((InvalidEnvelopeException) e).attribute())
        .isEqualTo(attribute);
  }
}
