package dev.herald.gateway;

import dev.herald.core.HeraldException;
import dev.herald.core.StartPosition;
import dev.herald.core.spi.RebalanceListener;
import dev.herald.core.spi.Subscription;
import dev.herald.core.spi.Transport;
import java.time.Duration;
import java.util.Map;

/**
 * Fixes where a consumer group starts on a topic: at the topic's end now, committed, so that the
 * group reads every event published from now on, however late its reader joins (and even if the
 * gateway restarts before it reads anything). Stateless.
 */
final class GroupStart {
  private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(10);

  private GroupStart() {}

  /**
   * Commits the current end of every partition of {@code topic} for {@code group}.
   *
   * @throws GatewayProblem 503 if the group does not get every partition in time (another member
   *     holds some)
   */
  static void atEnd(Transport transport, String topic, String group) {
    Map<Integer, Long> ends =
        transport
            .endOffsets(topic)
            .orElseThrow(
                () ->
                    new HeraldException(
                        "this transport cannot tell where topic "
                            + topic
                            + " ends; webhooks"
                            + " need the memory, log or Kafka transport"));
    long deadline = System.nanoTime() + JOIN_TIMEOUT.toNanos();
    try (Subscription start =
        transport.subscribe(topic, group, StartPosition.latest(), RebalanceListener.none())) {
      // Some transports assign partitions inside poll; what it returns is read again later.
      while (!start.assignment().containsAll(ends.keySet())) {
        if (System.nanoTime() - deadline > 0) {
          throw GatewayProblem.unavailable(
              "consumer group "
                  + group
                  + " did not get every partition of "
                  + topic
                  + " within "
                  + JOIN_TIMEOUT.toSeconds()
                  + " s; try again",
              Duration.ofSeconds(5));
        }
        start.poll(Duration.ofMillis(50));
      }
      start.commit(ends);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw GatewayProblem.unavailable("interrupted while joining " + group, Duration.ofSeconds(5));
    }
  }
}
