package dev.herald.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.core.Envelope;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

/** The CloudEvents Kafka binding without a broker: headers out, envelopes in. */
class KafkaBindingTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String STRUCTURED = "application/cloudevents+json; charset=UTF-8";

  private static Envelope full() {
    return Envelope.builder()
        .id("e-1")
        .source("orders")
        .type("shop.order.placed")
        .time(Instant.parse("2026-01-02T03:04:05.123Z"))
        .subject("o-1")
        .dataContentType("application/json")
        .dataSchema(URI.create("urn:herald:shop.order.placed:v1"))
        .extension(Envelope.CORRELATION_ID, "c-1")
        .extension(Envelope.CAUSATION_ID, "e-0")
        .extension(Envelope.PARTITION_KEY, "o-1")
        .extension(Envelope.TRACEPARENT, "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
        .data("{\"orderId\":\"o-1\",\"amount\":42}")
        .build();
  }

  private static Envelope read(byte[] key, Headers headers, byte[] value) {
    return KafkaBinding.envelope("orders", 2, 7, key, headers, value);
  }

  private static Envelope read(Headers headers, String value) {
    return read(null, headers, value.getBytes(StandardCharsets.UTF_8));
  }

  private static Headers headers(String... namesAndValues) {
    RecordHeaders headers = new RecordHeaders();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      headers.add(namesAndValues[i], namesAndValues[i + 1].getBytes(StandardCharsets.UTF_8));
    }
    return headers;
  }

  private static Headers binary(String... more) {
    String[] base = {
      "ce_specversion", "1.0", "ce_id", "b-1", "ce_source", "billing", "ce_type", "bill.sent"
    };
    String[] all = new String[base.length + more.length];
    System.arraycopy(base, 0, all, 0, base.length);
    System.arraycopy(more, 0, all, base.length, more.length);
    return headers(all);
  }

  private static Envelope structured(String json) {
    return read(headers("content-type", STRUCTURED), json);
  }

  private static Map<String, String> asMap(Headers headers) {
    Map<String, String> map = new TreeMap<>();
    for (Header header : headers) {
      map.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
    }
    return map;
  }

  private static String reason(Envelope envelope) {
    assertThat(envelope.type()).isEqualTo(KafkaBinding.UNREADABLE_TYPE);
    assertThat(envelope.id()).isEqualTo("kafka-orders-2-7");
    assertThat(envelope.source()).isEqualTo("kafka://orders");
    return envelope.extension(KafkaBinding.UNREADABLE_REASON).orElseThrow();
  }

  @Test
  void headers_carryEveryAttributeOfAFullEnvelope() {
    Envelope envelope = full();

    assertThat(asMap(KafkaBinding.headers(envelope)))
        .containsExactlyInAnyOrderEntriesOf(
            Map.ofEntries(
                Map.entry("ce_specversion", "1.0"),
                Map.entry("ce_id", "e-1"),
                Map.entry("ce_source", "orders"),
                Map.entry("ce_type", "shop.order.placed"),
                Map.entry("ce_time", "2026-01-02T03:04:05.123Z"),
                Map.entry("ce_subject", "o-1"),
                Map.entry("ce_dataschema", "urn:herald:shop.order.placed:v1"),
                Map.entry("content-type", "application/json"),
                Map.entry("ce_correlationid", "c-1"),
                Map.entry("ce_causationid", "e-0"),
                Map.entry("ce_partitionkey", "o-1"),
                Map.entry(
                    "ce_traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")));
    assertThat(KafkaBinding.key(envelope)).asString(StandardCharsets.UTF_8).isEqualTo("o-1");
  }

  @Test
  void headers_leaveOutAbsentAttributesAndKey() {
    Envelope minimal = Envelope.builder().id("e-2").source("s").type("t.happened").build();

    assertThat(asMap(KafkaBinding.headers(minimal)))
        .containsOnlyKeys("ce_specversion", "ce_id", "ce_source", "ce_type");
    assertThat(KafkaBinding.key(minimal)).isNull();
  }

  @Test
  void envelope_roundTripsThroughHeadersKeyAndValue() {
    Envelope envelope = full();

    Envelope back =
        read(KafkaBinding.key(envelope), KafkaBinding.headers(envelope), envelope.data());

    assertThat(back).isEqualTo(envelope);
  }

  @Test
  void envelope_takesThePartitionKeyFromTheRecordKey() {
    Envelope envelope = read("o-9".getBytes(StandardCharsets.UTF_8), binary(), new byte[0]);

    assertThat(envelope.type()).isEqualTo("bill.sent");
    assertThat(envelope.partitionKey()).contains("o-9");
  }

  @Test
  void envelope_keepsThePartitionKeyExtensionOverTheRecordKey() {
    Envelope envelope =
        read("other".getBytes(StandardCharsets.UTF_8), binary("ce_partitionkey", "o-1"), null);

    assertThat(envelope.partitionKey()).contains("o-1");
    assertThat(envelope.data()).isEmpty();
  }

  @Test
  void envelope_withAKeyTooLongForAnExtension_isReadWithoutPartitionKey() {
    byte[] key = "k".repeat(5000).getBytes(StandardCharsets.UTF_8);

    Envelope envelope = read(key, binary(), new byte[0]);

    assertThat(envelope.id()).isEqualTo("b-1");
    assertThat(envelope.partitionKey()).isEmpty();
  }

  @Test
  void envelope_ofARecordWithoutCloudEventHeaders_isUnreadableWithTheReason() {
    Envelope envelope = read(headers("trace", "x"), "plain text");

    assertThat(reason(envelope)).contains("no ce_specversion header", "content-type");
    assertThat(envelope.dataAsString()).isEqualTo("plain text");
  }

  @Test
  void envelope_withABrokenTime_isUnreadableNamingTheHeader() {
    assertThat(reason(read(binary("ce_time", "yesterday"), "{}")))
        .contains("ce_time", "'yesterday'", "RFC 3339");
  }

  @Test
  void envelope_withAnotherSpecVersion_isUnreadable() {
    Headers headers = headers("ce_specversion", "0.3", "ce_id", "x", "ce_source", "s");
    headers.add("ce_type", "t".getBytes(StandardCharsets.UTF_8));

    assertThat(reason(read(headers, ""))).contains("ce_specversion is '0.3'", "1.0");
  }

  @Test
  void envelope_withBrokenAttributes_isUnreadableNamingThem() {
    assertThat(reason(read(headers("ce_specversion", "1.0", "ce_source", "s"), "")))
        .contains("'id'");
    assertThat(reason(read(binary("ce_dataschema", "not a uri"), "")))
        .contains("ce_dataschema", "not a URI");
    assertThat(reason(read(binary("ce_Bad-Name", "v"), ""))).contains("Bad-Name");
  }

  @Test
  void structured_readsEveryAttributeExtensionAndJsonData() throws Exception {
    String json =
        """
        {"specversion":"1.0","id":"s-1","source":"https://example.com/payments",
         "type":"pay.received","time":"2026-03-04T05:06:07.5+01:00","subject":"o-3",
         "datacontenttype":"application/json","dataschema":"https://example.com/schema/v2",
         "correlationid":"c-3","attempt":3,"urgent":true,"amount":1.50,"gone":null,
         "data":{"orderId":"o-3","cents":1250,"tags":["a","b"],"rate":0.10}}
        """;

    Envelope envelope =
        read(
            "k-3".getBytes(StandardCharsets.UTF_8),
            headers("content-type", STRUCTURED),
            json.getBytes(StandardCharsets.UTF_8));

    assertThat(envelope.id()).isEqualTo("s-1");
    assertThat(envelope.source()).isEqualTo("https://example.com/payments");
    assertThat(envelope.type()).isEqualTo("pay.received");
    assertThat(envelope.time()).contains(Instant.parse("2026-03-04T04:06:07.5Z"));
    assertThat(envelope.subject()).contains("o-3");
    assertThat(envelope.dataContentType()).contains("application/json");
    assertThat(envelope.dataSchema()).contains(URI.create("https://example.com/schema/v2"));
    assertThat(envelope.extensions())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "correlationid", "c-3",
                "attempt", "3",
                "urgent", "true",
                "amount", "1.50",
                "partitionkey", "k-3"));
    assertThat(envelope.dataAsString())
        .isEqualTo("{\"orderId\":\"o-3\",\"cents\":1250,\"tags\":[\"a\",\"b\"],\"rate\":0.10}");
    JsonNode data = JSON.readTree(envelope.data());
    assertThat(data).isEqualTo(JSON.readTree(json).get("data"));
  }

  @Test
  void structured_withoutDataContentType_isJson() {
    Envelope envelope =
        structured(
            "{\"specversion\":\"1.0\",\"id\":\"s\",\"source\":\"s\",\"type\":\"t\",\"data\":[1,2]}");

    assertThat(envelope.dataContentType()).contains("application/json");
    assertThat(envelope.dataAsString()).isEqualTo("[1,2]");
  }

  @Test
  void structured_withoutData_hasNoDataAndNoContentType() {
    Envelope envelope =
        structured("{\"specversion\":\"1.0\",\"id\":\"s\",\"source\":\"s\",\"type\":\"t\"}");

    assertThat(envelope.data()).isEmpty();
    assertThat(envelope.dataContentType()).isEmpty();
    assertThat(envelope.extensions()).isEmpty();
  }

  @Test
  void structured_decodesDataBase64() {
    Envelope envelope =
        structured(
            "{\"specversion\":\"1.0\",\"id\":\"s\",\"source\":\"s\",\"type\":\"t\","
                + "\"datacontenttype\":\"application/octet-stream\",\"data_base64\":\"AAEC/w==\"}");

    assertThat(envelope.data()).containsExactly(0, 1, 2, 0xff);
    assertThat(envelope.dataContentType()).contains("application/octet-stream");
  }

  @Test
  void structured_takesAStringUnderATextTypeAsTheDataItself() {
    Envelope envelope =
        structured(
            "{\"specversion\":\"1.0\",\"id\":\"s\",\"source\":\"s\",\"type\":\"t\","
                + "\"datacontenttype\":\"text/plain\",\"data\":\"héllo \\\"you\\\"\"}");

    assertThat(envelope.dataAsString()).isEqualTo("héllo \"you\"");
  }

  @Test
  void structured_keepsAStringUnderAJsonTypeAsJson() {
    Envelope envelope =
        structured(
            "{\"specversion\":\"1.0\",\"id\":\"s\",\"source\":\"s\",\"type\":\"t\","
                + "\"datacontenttype\":\"application/vnd.x+json\",\"data\":\"hi\"}");

    assertThat(envelope.dataAsString()).isEqualTo("\"hi\"");
  }

  @Test
  void structured_badRecords_areUnreadableWithTheReason() {
    String head = "{\"specversion\":\"1.0\",\"id\":\"s\",\"source\":\"s\",\"type\":\"t\"";
    assertThat(reason(structured("{\"specversion\":"))).contains("not valid JSON");
    assertThat(reason(structured("[1]"))).contains("JSON object", "array");
    assertThat(reason(structured(""))).contains("empty");
    assertThat(reason(structured(head + "} trailing"))).contains("not valid JSON");
    assertThat(reason(structured("{\"id\":\"s\",\"source\":\"s\",\"type\":\"t\"}")))
        .contains("'specversion': is missing");
    assertThat(reason(structured(head.replace("1.0", "0.3") + "}")))
        .contains("'specversion': is '0.3'");
    assertThat(reason(structured(head + ",\"id\":\"again\"}"))).contains("Duplicate field 'id'");
    assertThat(reason(structured(head + ",\"time\":\"soon\"}")))
        .contains("'time': 'soon' is not an RFC 3339");
    assertThat(reason(structured(head + ",\"subject\":5}")))
        .contains("'subject': must be a JSON string, is number");
    assertThat(reason(structured(head + ",\"ext\":{\"a\":1}}")))
        .contains("'ext': is a JSON object");
    assertThat(reason(structured(head + ",\"data\":1,\"data_base64\":\"AA==\"}")))
        .contains("both data and data_base64");
    assertThat(reason(structured(head + ",\"data_base64\":\"#!\"}"))).contains("not base64");
    assertThat(reason(structured(head + ",\"dataschema\":\"a b\"}"))).contains("not a URI");
  }

  @Test
  void structured_inAnotherFormat_isUnreadable() {
    assertThat(reason(read(headers("content-type", "application/cloudevents+avro"), "x")))
        .contains("'application/cloudevents+avro' are not supported");
    assertThat(reason(read(headers("content-type", "application/cloudevents-batch+json"), "[]")))
        .contains("'application/cloudevents-batch+json' are not supported");
  }

  @Test
  void binaryMode_winsOverAStructuredContentType() {
    Envelope wrapped =
        full().toBuilder().dataContentType("application/cloudevents+json").data("{}").build();

    Envelope back = read(KafkaBinding.key(wrapped), KafkaBinding.headers(wrapped), wrapped.data());

    assertThat(back).isEqualTo(wrapped);
  }

  @Test
  void envelope_recordLargerThanAnEnvelopeHoldsIsUnreadableWithoutItsData() {
    byte[] huge = new byte[16 * 1024 * 1024 + 1];
    Envelope envelope = KafkaBinding.envelope("t", 2, 7, null, new RecordHeaders(), huge);
    assertThat(envelope.type()).isEqualTo(KafkaBinding.UNREADABLE_TYPE);
    assertThat(envelope.id()).isEqualTo("kafka-t-2-7");
    assertThat(envelope.data()).isEmpty();
    assertThat(envelope.extension(KafkaBinding.UNREADABLE_REASON).orElseThrow())
        .contains("16777217 bytes");
  }
}
