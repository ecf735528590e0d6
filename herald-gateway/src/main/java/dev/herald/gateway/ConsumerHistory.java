package dev.herald.gateway;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.core.spi.CommittedOffsets;
import dev.herald.core.spi.Transport;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consumer groups' lag and the topics' throughput over time, for the dashboard: every {@code
 * every} it asks the transport for each group's committed offsets and each topic's end offsets, and
 * keeps the newest {@code samples} samples (by default every 2 s for 10 minutes). Herald's own
 * topics are left out. A transport that cannot tell offsets gives an empty history. Thread-safe;
 * {@link #close()} stops the sampling thread.
 */
final class ConsumerHistory implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ConsumerHistory.class);
  static final Duration EVERY = Duration.ofSeconds(2);
  static final int SAMPLES = 300;

  private record GroupTopic(String group, String topic) {}

  /** What one sample saw: lag per group, topic and partition, and each topic's end. */
  private record Sample(
      Instant at, Map<GroupTopic, Map<Integer, Long>> lag, Map<String, Long> ends) {}

  private final Transport transport;
  private final Clock clock;
  private final Duration every;
  private final int samples;
  private final ArrayDeque<Sample> history = new ArrayDeque<>(); // guarded by this
  private final ScheduledExecutorService sampler =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().daemon().name("herald-consumer-history").factory());
  private volatile boolean failureLogged;

  private ConsumerHistory(Transport transport, Clock clock, Duration every, int samples) {
    this.transport = transport;
    this.clock = clock;
    this.every = every;
    this.samples = samples;
  }

  /** A history of {@code transport}'s groups, sampled from now on. */
  static ConsumerHistory start(Transport transport, Clock clock, Duration every, int samples) {
    ConsumerHistory history = new ConsumerHistory(transport, clock, every, samples);
    var unused =
        history.sampler.scheduleWithFixedDelay(
            history::sampleQuietly, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    return history;
  }

  private void sampleQuietly() {
    try {
      sample();
      failureLogged = false;
    } catch (RuntimeException e) {
      // A task that throws is never run again: keep sampling.
      if (!failureLogged) {
        failureLogged = true;
        log.warn("consumer history: the transport did not tell its offsets; will ask again", e);
      }
    }
  }

  /** Takes one sample now. */
  void sample() {
    Optional<List<CommittedOffsets>> committed = transport.committedOffsets();
    Set<String> topics = new TreeSet<>();
    transport.topics().orElse(Set.of()).stream()
        .filter(t -> !InternalTopics.isInternal(t))
        .forEach(topics::add);
    Map<String, Map<Integer, Long>> ends = new HashMap<>();
    for (String topic : topics) {
      transport.endOffsets(topic).ifPresent(end -> ends.put(topic, end));
    }
    Map<GroupTopic, Map<Integer, Long>> lag = new HashMap<>();
    for (CommittedOffsets offsets : committed.orElse(List.of())) {
      Map<Integer, Long> end = ends.get(offsets.topic());
      if (end == null) {
        continue; // an internal topic, or one whose end is unknown
      }
      Map<Integer, Long> partitions = new TreeMap<>();
      end.forEach(
          (partition, last) ->
              partitions.put(
                  partition, Math.max(0, last - offsets.offsets().getOrDefault(partition, 0L))));
      lag.put(new GroupTopic(offsets.group(), offsets.topic()), partitions);
    }
    Map<String, Long> endSums = new HashMap<>();
    ends.forEach(
        (topic, end) -> endSums.put(topic, end.values().stream().mapToLong(Long::longValue).sum()));
    synchronized (this) {
      history.addLast(new Sample(clock.instant(), lag, endSums));
      while (history.size() > samples) {
        history.removeFirst();
      }
    }
  }

  /**
   * The history as {@code {"interval", "times": [...], "groups": [{"group", "topic", "lag": [...],
   * "partitions": [{"partition", "lag": [...]}]}], "topics": [{"topic", "perSecond": [...],
   * "end"}]}}: every array lines up with {@code times}, oldest first, with {@code null} where a
   * sample did not see the group or topic (and for the first rate).
   */
  synchronized ObjectNode snapshot() {
    List<Sample> taken = List.copyOf(history);
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    root.put("interval", every.toString());
    ArrayNode times = root.putArray("times");
    taken.forEach(s -> times.add(s.at().toString()));
    Set<GroupTopic> pairs =
        new TreeSet<>(Comparator.comparing(GroupTopic::group).thenComparing(GroupTopic::topic));
    taken.forEach(s -> pairs.addAll(s.lag().keySet()));
    ArrayNode groups = root.putArray("groups");
    for (GroupTopic pair : pairs) {
      ObjectNode group = groups.addObject().put("group", pair.group()).put("topic", pair.topic());
      ArrayNode total = group.putArray("lag");
      Set<Integer> partitions = new TreeSet<>();
      for (Sample s : taken) {
        Map<Integer, Long> lag = s.lag().get(pair);
        if (lag == null) {
          total.addNull();
        } else {
          total.add(lag.values().stream().mapToLong(Long::longValue).sum());
          partitions.addAll(lag.keySet());
        }
      }
      ArrayNode perPartition = group.putArray("partitions");
      for (int partition : partitions) {
        ArrayNode values = perPartition.addObject().put("partition", partition).putArray("lag");
        for (Sample s : taken) {
          Long lag = s.lag().getOrDefault(pair, Map.of()).get(partition);
          if (lag == null) {
            values.addNull();
          } else {
            values.add(lag);
          }
        }
      }
    }
    Set<String> topicNames = new TreeSet<>();
    taken.forEach(s -> topicNames.addAll(s.ends().keySet()));
    ArrayNode topics = root.putArray("topics");
    for (String topic : topicNames) {
      ObjectNode node = topics.addObject().put("topic", topic);
      ArrayNode rates = node.putArray("perSecond");
      Sample before = null;
      for (Sample s : taken) {
        Long end = s.ends().get(topic);
        Long previous = before == null ? null : before.ends().get(topic);
        if (end == null || previous == null) {
          rates.addNull();
        } else {
          double seconds = Duration.between(before.at(), s.at()).toMillis() / 1000.0;
          rates.add(seconds <= 0 ? 0 : Math.round((end - previous) / seconds * 100) / 100.0);
        }
        before = s;
      }
      Long last = taken.isEmpty() ? null : taken.get(taken.size() - 1).ends().get(topic);
      if (last != null) {
        node.put("end", last);
      }
    }
    return root;
  }

  @Override
  public void close() {
    sampler.shutdownNow();
  }
}
