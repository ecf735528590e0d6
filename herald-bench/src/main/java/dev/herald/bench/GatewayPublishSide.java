package dev.herald.bench;

import dev.herald.core.CloudEventJson;
import dev.herald.core.HeraldException;
import dev.herald.gateway.Gateway;
import java.io.IOException;
import java.util.Optional;

/**
 * The {@code gateway} side: a {@link Gateway} in this JVM on a fresh transport, and publishers that
 * POST structured CloudEvents ({@value CloudEventJson#MEDIA_TYPE}, or a {@value
 * CloudEventJson#BATCH_MEDIA_TYPE} batch) over a keep-alive connection each.
 */
final class GatewayPublishSide implements PublishSide {
  private final String kind;
  private final Optional<BenchLogs> logs;

  /** On transports of {@code kind}, log directories in {@code logs}. */
  GatewayPublishSide(String kind, Optional<BenchLogs> logs) {
    this.kind = kind;
    this.logs = logs;
  }

  @Override
  public String name() {
    return "gateway";
  }

  @Override
  public Target open(String name) {
    BenchTransport transport = BenchTransport.open(kind, logs, name);
    try {
      return new Started(transport, Gateway.builder(transport.transport()).start());
    } catch (RuntimeException e) {
      transport.close();
      throw e;
    }
  }

  private record Started(BenchTransport transport, Gateway gateway) implements Target {
    @Override
    public Publisher publisher(String topic, String prefix, int index) {
      return new Poster(KeepAliveHttp.connect(gateway.uri()), topic, prefix, index);
    }

    @Override
    public void close() {
      try {
        gateway.close();
      } finally {
        transport.close();
      }
    }
  }

  private record Poster(KeepAliveHttp http, String topic, String prefix, int index)
      implements Publisher {
    @Override
    public void publish(long first, int count) throws IOException {
      KeepAliveHttp.Answer answer =
          http.post(
              "/topics/" + topic + "/events",
              count == 1 ? CloudEventJson.MEDIA_TYPE : CloudEventJson.BATCH_MEDIA_TYPE,
              GatewayEvents.body(prefix, index, first, count));
      if (answer.status() != 202) {
        throw new HeraldException("the gateway answered " + answer.status() + ": " + answer.text());
      }
    }

    @Override
    public void close() {
      http.close();
    }
  }
}
