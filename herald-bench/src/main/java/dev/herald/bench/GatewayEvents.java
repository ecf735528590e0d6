package dev.herald.bench;

import dev.herald.core.Envelope;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The events of {@link GatewayBench}: the same CloudEvents on both publish sides, as structured
 * JSON for the gateway and as {@link Envelope}s for the transport, with {@value #DATA_SIZE} bytes
 * of JSON data, spread over {@value #KEYS} partition keys, ids unique in the run. The fan-out's
 * events carry their sequence number and intended publish time ({@link System#nanoTime()}) in their
 * data, which the SSE clients read back. Stateless.
 */
final class GatewayEvents {
  /** Bytes of each event's data. */
  static final int DATA_SIZE = 100;

  /** Partition keys the events are spread over. */
  static final int KEYS = 100;

  static final String SOURCE = "/herald/bench/gateway";
  static final String TYPE = "bench.gateway.event";

  private GatewayEvents() {}

  /** The id of event {@code n} of publisher {@code publisher} of measurement {@code prefix}. */
  static String id(String prefix, int publisher, long n) {
    return prefix + "-" + publisher + "-" + n;
  }

  /** The JSON data of publish event {@code n}: exactly {@value #DATA_SIZE} bytes. */
  static String data(long n) {
    String head = "{\"n\":" + n + ",\"padding\":\"";
    return head + "x".repeat(DATA_SIZE - head.length() - 2) + "\"}";
  }

  /** Event {@code n} as structured CloudEvents JSON, as the gateway side sends it. */
  static String json(String id, long n) {
    return String.format(
        Locale.ROOT,
        "{\"specversion\":\"1.0\",\"id\":\"%s\",\"source\":\"%s\",\"type\":\"%s\","
            + "\"partitionkey\":\"k-%d\",\"datacontenttype\":\"application/json\",\"data\":%s}",
        id,
        SOURCE,
        TYPE,
        n % KEYS,
        data(n));
  }

  /** Events {@code first} to {@code first + count - 1} as one request body. */
  static byte[] body(String prefix, int publisher, long first, int count) {
    if (count == 1) {
      return json(id(prefix, publisher, first), first).getBytes(StandardCharsets.UTF_8);
    }
    StringBuilder batch = new StringBuilder(count * 300).append('[');
    for (int i = 0; i < count; i++) {
      long n = first + i;
      batch.append(i == 0 ? "" : ",").append(json(id(prefix, publisher, n), n));
    }
    return batch.append(']').toString().getBytes(StandardCharsets.UTF_8);
  }

  /** The same events as {@link #body}, as the direct side appends them. */
  static List<Envelope> envelopes(String prefix, int publisher, long first, int count) {
    List<Envelope> events = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      long n = first + i;
      events.add(
          Envelope.builder()
              .id(id(prefix, publisher, n))
              .source(SOURCE)
              .type(TYPE)
              .extension(Envelope.PARTITION_KEY, "k-" + (n % KEYS))
              .dataContentType("application/json")
              .data(data(n))
              .build());
    }
    return events;
  }

  /**
   * Fan-out event {@code seq} meant to be published at {@code intendedNanos}, as structured JSON;
   * its data holds both, which {@link SseStream} reads back.
   */
  static byte[] fanout(String prefix, long seq, long intendedNanos) {
    String data = "{\"seq\":" + seq + ",\"sent\":" + intendedNanos + ",\"padding\":\"";
    data += "x".repeat(Math.max(0, DATA_SIZE - data.length() - 2)) + "\"}";
    return String.format(
            Locale.ROOT,
            "{\"specversion\":\"1.0\",\"id\":\"%s-%d\",\"source\":\"%s\",\"type\":\"%s\","
                + "\"partitionkey\":\"k-%d\",\"datacontenttype\":\"application/json\","
                + "\"data\":%s}",
            prefix,
            seq,
            SOURCE,
            TYPE,
            seq % KEYS,
            data)
        .getBytes(StandardCharsets.UTF_8);
  }
}
