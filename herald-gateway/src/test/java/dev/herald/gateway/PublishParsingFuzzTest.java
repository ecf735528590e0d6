package dev.herald.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.herald.core.Envelope;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Fuzzes the parsing of publish requests: whatever the content type, headers and body, reading
 * either gives valid envelopes or refuses with a 4xx problem that says why; it never fails in any
 * other way. In the normal build it replays the inputs under {@code PublishParsingFuzzTestInputs};
 * {@code JAZZER_FUZZ=1 ./mvnw test -pl herald-gateway -Dtest=PublishParsingFuzzTest} explores.
 */
class PublishParsingFuzzTest {
  private static final List<String> CONTENT_TYPES =
      List.of(
          "application/cloudevents+json",
          "application/cloudevents-batch+json",
          "application/cloudevents+json; charset=utf-8",
          "application/json",
          "text/plain",
          "application/cloudevents+xml",
          "");
  private static final List<String> ATTRIBUTES =
      List.of(
          "ce-specversion",
          "ce-id",
          "ce-source",
          "ce-type",
          "ce-time",
          "ce-subject",
          "ce-dataschema",
          "ce-datacontenttype",
          "ce-correlationid",
          "ce-partitionkey",
          "ce-Bad_Name",
          "content-length");

  @FuzzTest(maxDuration = "60s")
  void publishRequest(FuzzedDataProvider data) {
    String contentType = data.pickValue(CONTENT_TYPES);
    Map<String, String> headers = new HashMap<>();
    int count = data.consumeInt(0, 6);
    for (int i = 0; i < count; i++) {
      headers.put(data.pickValue(ATTRIBUTES), data.consumeString(64));
    }
    if (data.consumeBoolean()) {
      headers.put("ce-specversion", "1.0");
    }
    byte[] body = data.consumeRemainingAsBytes();

    try {
      List<Envelope> events = HttpEvents.read(contentType, headers, body);
      assertThat(events).isNotEmpty();
      events.forEach(event -> assertThat(event.specVersion()).isEqualTo("1.0"));
    } catch (GatewayProblem problem) {
      assertThat(problem.status()).isIn(400, 415);
      assertThat(problem.getMessage()).isNotBlank();
    }
  }
}
