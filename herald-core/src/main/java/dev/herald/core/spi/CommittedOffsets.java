package dev.herald.core.spi;

import java.util.Map;
import java.util.Objects;

/**
 * Where one consumer group stands on one topic: the offsets it committed, as a transport reports
 * them through {@link Transport#committedOffsets()}. Compared with {@link Transport#endOffsets}, it
 * gives the group's lag. Immutable.
 *
 * @param group the consumer group
 * @param topic the topic the group committed on
 * @param offsets partition to the next offset the group will read there, as last committed; only
 *     the partitions the group has committed on
 */
public record CommittedOffsets(String group, String topic, Map<Integer, Long> offsets) {
  /**
   * Copies {@code offsets}.
   *
   * @throws NullPointerException if a name, the map, or one of its keys or values is null
   */
  public CommittedOffsets {
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(topic, "topic");
    offsets = Map.copyOf(offsets);
  }
}
