package dev.herald.bench;

import dev.herald.core.spi.Transport;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The {@code direct} side, the baseline: the same events as the gateway side's requests, built as
 * envelopes and given to {@link Transport#append} on a fresh transport, waiting for each append.
 */
final class DirectPublishSide implements PublishSide {
  /** How long an append may take before the bench gives up on the side. */
  static final long TIMEOUT_SECONDS = 30;

  private final String kind;
  private final Optional<BenchLogs> logs;

  /** On transports of {@code kind}, log directories in {@code logs}. */
  DirectPublishSide(String kind, Optional<BenchLogs> logs) {
    this.kind = kind;
    this.logs = logs;
  }

  @Override
  public String name() {
    return "direct";
  }

  @Override
  public Target open(String name) {
    BenchTransport transport = BenchTransport.open(kind, logs, name);
    return new Target() {
      @Override
      public Publisher publisher(String topic, String prefix, int index) {
        return new Appender(transport.transport(), topic, prefix, index);
      }

      @Override
      public void close() {
        transport.close();
      }
    };
  }

  private record Appender(Transport transport, String topic, String prefix, int index)
      implements Publisher {
    @Override
    public void publish(long first, int count)
        throws InterruptedException, ExecutionException, TimeoutException {
      var unused =
          transport
              .append(topic, GatewayEvents.envelopes(prefix, index, first, count))
              .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    @Override
    public void close() {}
  }
}
