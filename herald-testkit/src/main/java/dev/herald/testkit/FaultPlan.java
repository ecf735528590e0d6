package dev.herald.testkit;

import dev.herald.core.Envelope;
import dev.herald.core.Position;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * What one run of {@link HandlerFaults} does, worked out from its seed before anything runs: the
 * order in which the events are stored, where the consumer goes back, where the process crashes and
 * how long each handler call waits. Everything but {@link Fault#DELAYS} runs on one partition, so
 * the handler sees exactly the calls planned here; the plan also says how many successful handler
 * calls each stored event will get, which is how a run knows it is over without sleeping.
 *
 * <p>Offsets in {@link #rewinds} and {@link #crashes} are offsets of the single partition, that is
 * places in {@link #order}.
 */
final class FaultPlan {
  /** How far back a redelivery or a crash goes at most, in events. */
  private static final int MAX_WINDOW = 8;

  /** The partition count of {@link Fault#DELAYS} runs, the memory transport's default. */
  static final int PARALLEL_PARTITIONS = 4;

  /** The input events: their envelopes, and which ones a registered handler takes. */
  record Events(List<Envelope> envelopes, List<Boolean> handled) {
    int size() {
      return envelopes.size();
    }

    /** How reports name input event {@code index}: {@code #3 (key o-4)}. */
    String label(int index) {
      return "#"
          + index
          + envelopes.get(index).partitionKey().map(k -> " (key " + k + ")").orElse("");
    }
  }

  /** Die after handling offset {@code after}, with offset {@code committed} as the last commit. */
  record Crash(long after, long committed) {}

  final List<Integer> order;
  final int partitions;

  /** After delivering the key's offset, the consumer goes back to the value's. */
  final Map<Long, Long> rewinds;

  final List<Crash> crashes;
  final Map<String, Duration> delays;
  final String injected;

  private FaultPlan(
      List<Integer> order,
      int partitions,
      Map<Long, Long> rewinds,
      List<Crash> crashes,
      Map<String, Duration> delays,
      String injected) {
    this.order = List.copyOf(order);
    this.partitions = partitions;
    this.rewinds = Map.copyOf(rewinds);
    this.crashes = List.copyOf(crashes);
    this.delays = Map.copyOf(delays);
    this.injected = injected;
  }

  /** Each event once, in input order, on one partition. */
  static FaultPlan clean(Events events) {
    return new FaultPlan(
        identity(events.size()), 1, Map.of(), List.of(), Map.of(), "each event once, in order");
  }

  /** The plan of the run of {@code fault} with {@code seed}. */
  static FaultPlan of(Fault fault, long seed, Events events, Duration maxDelay) {
    SplittableRandom random = new SplittableRandom(seed);
    return switch (fault) {
      case DUPLICATES -> duplicates(events, random);
      case REDELIVERIES -> redeliveries(events, random);
      case DELAYS -> delays(events, random, maxDelay);
      case REORDER_ACROSS_KEYS -> reorder(events, random);
      case CRASH_AFTER_EFFECT -> crashes(events, random);
    };
  }

  private static FaultPlan duplicates(Events events, SplittableRandom random) {
    List<Integer> chosen = pick(events, random, 4);
    List<Integer> order = new ArrayList<>(identity(events.size()));
    for (int index : chosen) {
      int original = order.indexOf(index);
      Optional<String> key = events.envelopes().get(index).partitionKey();
      int limit = order.size();
      for (int i = original + 1; key.isPresent() && i < order.size(); i++) {
        if (key.equals(events.envelopes().get(order.get(i)).partitionKey())) {
          limit = i;
          break;
        }
      }
      order.add(original + 1 + random.nextInt(limit - original), index);
    }
    return new FaultPlan(
        order, 1, Map.of(), List.of(), Map.of(), "stored twice: " + list(chosen, events::label));
  }

  private static FaultPlan redeliveries(Events events, SplittableRandom random) {
    Map<Long, Long> rewinds = new LinkedHashMap<>();
    for (int offset = 0; offset < events.size(); offset++) {
      if (random.nextInt(5) == 0) {
        rewinds.put(
            (long) offset, (long) offset - random.nextInt(Math.min(offset, MAX_WINDOW) + 1));
      }
    }
    if (rewinds.isEmpty()) {
      long offset = random.nextInt(events.size());
      rewinds.put(offset, offset - random.nextInt((int) Math.min(offset, MAX_WINDOW) + 1));
    }
    List<String> described = new ArrayList<>();
    rewinds.forEach(
        (after, to) ->
            described.add(
                after.equals(to)
                    ? "delivered " + events.label(after.intValue()) + " again"
                    : "went back from "
                        + events.label(after.intValue())
                        + " to "
                        + events.label(to.intValue())));
    return new FaultPlan(
        identity(events.size()), 1, rewinds, List.of(), Map.of(), list(described, s -> s));
  }

  private static FaultPlan delays(Events events, SplittableRandom random, Duration maxDelay) {
    Map<String, Duration> delays = new HashMap<>();
    for (Envelope envelope : events.envelopes()) {
      delays.put(envelope.id(), Duration.ofNanos(random.nextLong(maxDelay.toNanos() + 1)));
    }
    return new FaultPlan(
        identity(events.size()),
        PARALLEL_PARTITIONS,
        Map.of(),
        List.of(),
        delays,
        PARALLEL_PARTITIONS
            + " partitions handled in parallel, a pause of 0 to "
            + maxDelay.toMillis()
            + " ms before each handler call");
  }

  private static FaultPlan reorder(Events events, SplittableRandom random) {
    Map<String, List<Integer>> byKey = new LinkedHashMap<>();
    for (int i = 0; i < events.size(); i++) {
      String key = events.envelopes().get(i).partitionKey().orElse("\u0000" + i);
      byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(i);
    }
    List<Integer> order = identity(events.size());
    // A uniformly random interleaving of the keys' queues; try again if it came out unchanged.
    for (int attempt = 0;
        attempt < 20 && byKey.size() > 1 && order.equals(identity(events.size()));
        attempt++) {
      List<ArrayDeque<Integer>> queues = new ArrayList<>();
      byKey.values().forEach(q -> queues.add(new ArrayDeque<>(q)));
      List<Integer> next = new ArrayList<>();
      int left = events.size();
      while (left > 0) {
        int pick = random.nextInt(left);
        for (ArrayDeque<Integer> queue : queues) {
          if (pick < queue.size()) {
            next.add(queue.poll());
            break;
          }
          pick -= queue.size();
        }
        left--;
      }
      order = next;
    }
    String injected =
        byKey.size() > 1
            ? "delivered as " + list(order, i -> "#" + i)
            : "in input order: every event has one key, so there is nothing to reorder";
    return new FaultPlan(order, 1, Map.of(), List.of(), Map.of(), injected);
  }

  private static FaultPlan crashes(Events events, SplittableRandom random) {
    List<Integer> handled =
        IntStream.range(0, events.size()).filter(i -> events.handled().get(i)).boxed().toList();
    int count = 1 + random.nextInt(Math.min(3, handled.size()));
    List<Integer> shuffled = new ArrayList<>(handled);
    Collections.shuffle(shuffled, random);
    List<Integer> points = shuffled.subList(0, count).stream().sorted().toList();
    List<Crash> crashes = new ArrayList<>();
    List<String> described = new ArrayList<>();
    long committed = 0;
    for (int after : points) {
      long from = Math.max(committed, after - MAX_WINDOW);
      committed = from + random.nextInt((int) (after - from) + 1);
      crashes.add(new Crash(after, committed));
      described.add(
          "after handling "
              + events.label(after)
              + " and restarted from "
              + events.label((int) committed));
    }
    return new FaultPlan(
        identity(events.size()),
        1,
        Map.of(),
        crashes,
        Map.of(),
        "crashed " + list(described, s -> s));
  }

  /**
   * How many successful handler calls each stored event gets when this plan runs, for the events
   * stored at {@code positions} (in {@link #order}); events no handler takes are left out.
   */
  Map<Position, Integer> expectedCalls(Events events, List<Position> positions) {
    int[] calls = new int[positions.size()];
    long start = 0;
    for (Crash crash : crashes) {
      cover(calls, start, crash.after());
      start = crash.committed();
    }
    cover(calls, start, positions.size() - 1L);
    rewinds.forEach((after, to) -> cover(calls, to, after));
    Map<Position, Integer> expected = new HashMap<>();
    for (int i = 0; i < positions.size(); i++) {
      if (events.handled().get(order.get(i))) {
        expected.put(positions.get(i), calls[i]);
      }
    }
    return expected;
  }

  private static void cover(int[] calls, long from, long to) {
    for (long i = from; i <= to; i++) {
      calls[(int) i]++;
    }
  }

  /** About one in {@code oneIn} of the handled events, at least one, in input order. */
  private static List<Integer> pick(Events events, SplittableRandom random, int oneIn) {
    List<Integer> handled =
        IntStream.range(0, events.size()).filter(i -> events.handled().get(i)).boxed().toList();
    List<Integer> chosen = new ArrayList<>();
    for (int index : handled) {
      if (random.nextInt(oneIn) == 0) {
        chosen.add(index);
      }
    }
    if (chosen.isEmpty()) {
      chosen.add(handled.get(random.nextInt(handled.size())));
    }
    return chosen;
  }

  private static List<Integer> identity(int size) {
    return IntStream.range(0, size).boxed().toList();
  }

  /** Up to a dozen items, then how many more. */
  private static <T> String list(List<T> items, Function<? super T, String> name) {
    int shown = Math.min(items.size(), 12);
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < shown; i++) {
      text.append(i == 0 ? "" : ", ").append(name.apply(items.get(i)));
    }
    if (items.size() > shown) {
      text.append(" and ").append(items.size() - shown).append(" more");
    }
    return text.toString();
  }
}
