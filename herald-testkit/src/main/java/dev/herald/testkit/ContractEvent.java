package dev.herald.testkit;

import dev.herald.core.EventType;

/**
 * The event the {@link TransportContract} publishes. Each test registers it under a topic of its
 * own, so tests never see each other's events.
 *
 * @param id unique id, so that what was published can be matched with what was handled
 * @param key the key, which picks the partition
 * @param sequence the place of this event among the events of its key, from 0; -1 for markers
 * @param payload arbitrary text, compared byte for byte after delivery
 * @param marker whether this event only marks the end of what a test published, so that the test
 *     knows everything before it in the partition was handled
 */
@EventType(name = "herald.contract.event", key = "key")
public record ContractEvent(String id, String key, long sequence, String payload, boolean marker) {

  /** A regular event. */
  public static ContractEvent of(String id, String key, long sequence, String payload) {
    return new ContractEvent(id, key, sequence, payload, false);
  }

  /** A marker under {@code key}. */
  public static ContractEvent markerOf(String id, String key) {
    return new ContractEvent(id, key, -1, "", true);
  }
}
