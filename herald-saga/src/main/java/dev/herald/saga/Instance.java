package dev.herald.saga;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * An instance as its stream makes it: folded from its steps and sent markers, in stream order. The
 * state stays JSON until someone needs it. Not thread-safe; one per load.
 */
final class Instance {
  private final String key;
  private long version = -1;
  private byte[] state;
  private boolean ended;
  private final Map<String, Deadline> pending = new LinkedHashMap<>();
  private final Set<String> handled = new HashSet<>();
  private final TreeMap<Long, List<Outgoing>> unsent = new TreeMap<>();

  Instance(String key) {
    this.key = key;
  }

  void apply(long streamVersion, StepRecords.Entry entry) {
    version = streamVersion;
    switch (entry) {
      case StepRecords.Step(StepRecord step) -> {
        state = step.state();
        ended = step.ended();
        handled.add(step.trigger());
        step.applyTo(pending);
        if (!step.outbox().isEmpty()) {
          unsent.put(streamVersion, step.outbox());
        }
      }
      case StepRecords.Sent(long stepVersion) -> unsent.remove(stepVersion);
    }
  }

  String key() {
    return key;
  }

  /** The version of the stream's last event; -1 for an instance with no steps yet. */
  long version() {
    return version;
  }

  boolean exists() {
    return version >= 0;
  }

  /** The state after the last step, as JSON; empty before the first. */
  Optional<byte[]> state() {
    return Optional.ofNullable(state);
  }

  boolean ended() {
    return ended;
  }

  boolean handled(String trigger) {
    return handled.contains(trigger);
  }

  /** Pending deadlines by name. */
  Map<String, Deadline> pending() {
    return Map.copyOf(pending);
  }

  Optional<Deadline> pendingById(String id) {
    return pending.values().stream().filter(d -> d.id().equals(id)).findFirst();
  }

  /** Steps whose events are not known to be on the bus, by stream version, oldest first. */
  Map<Long, List<Outgoing>> unsent() {
    return new TreeMap<>(unsent);
  }

  /** Records that the events of the step at {@code stepVersion} are sent (by marker at version). */
  void sent(long stepVersion, long markerVersion) {
    unsent.remove(stepVersion);
    version = Math.max(version, markerVersion);
  }

  @Override
  public String toString() {
    return "Instance["
        + key
        + "@"
        + version
        + (ended ? ", ended" : "")
        + ", deadlines="
        + new ArrayList<>(pending.keySet())
        + ", unsent steps="
        + unsent.keySet()
        + "]";
  }
}
