package dev.herald.testkit;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.opentest4j.AssertionFailedError;

/**
 * How a handler fared under {@link HandlerFaults}: the effects of one clean delivery and, for every
 * run of every fault, what was injected and whether the effects came out the same. Immutable.
 */
public final class FaultReport {
  /**
   * One run under one fault.
   *
   * @param fault the fault injected
   * @param index the run's number among the fault's runs, from 0
   * @param seed the seed that decided what was injected; {@code .faults(fault).seed(seed).runs(1)}
   *     replays this run alone
   * @param injected what was injected, in words: which events were stored twice, where the process
   *     crashed...
   * @param effects the effects after the run
   * @param effectsMatch whether {@code effects} equal those of the clean delivery
   * @param problems what else went wrong: events dead-lettered, or not handled in time
   */
  public record Run(
      Fault fault,
      int index,
      long seed,
      String injected,
      Object effects,
      boolean effectsMatch,
      List<String> problems) {

    /** Copies the problems. */
    public Run {
      problems = List.copyOf(problems);
    }

    /** Whether the effects matched and nothing else went wrong. */
    public boolean passed() {
      return effectsMatch && problems.isEmpty();
    }
  }

  private final long seed;
  private final int runsPerFault;
  private final int events;
  private final Object expectedEffects;
  private final List<Run> runs;

  FaultReport(long seed, int runsPerFault, int events, Object expectedEffects, List<Run> runs) {
    this.seed = seed;
    this.runsPerFault = runsPerFault;
    this.events = events;
    this.expectedEffects = expectedEffects;
    this.runs = List.copyOf(runs);
  }

  /** The seed of each fault's first run. */
  public long seed() {
    return seed;
  }

  /** How many runs each fault had. */
  public int runsPerFault() {
    return runsPerFault;
  }

  /** The effects of one clean delivery: what every run is compared with. */
  public Object expectedEffects() {
    return expectedEffects;
  }

  /** Every run, grouped by fault in {@link Fault} order, then by index. */
  public List<Run> runs() {
    return runs;
  }

  /** The runs that failed. */
  public List<Run> failures() {
    return runs.stream().filter(r -> !r.passed()).toList();
  }

  /** The runs of {@code fault} that failed. */
  public List<Run> failures(Fault fault) {
    return runs.stream().filter(r -> r.fault() == fault && !r.passed()).toList();
  }

  /** Whether every run passed. */
  public boolean passed() {
    return failures().isEmpty();
  }

  /**
   * Passes if every run's effects equal those of one clean delivery and no run dead-lettered or
   * lost an event.
   *
   * @throws AssertionError otherwise, saying per fault how many runs failed, and for the first of
   *     them what was injected, the expected and actual effects, how they differ and how to replay
   *     that run alone (an {@link AssertionFailedError} with both values, for the IDE's diff)
   */
  public void assertEffectsEqualCleanDelivery() {
    List<Run> failures = failures();
    if (failures.isEmpty()) {
      return;
    }
    Map<Fault, List<Run>> byFault = byFault(failures);
    StringBuilder message = new StringBuilder(header(byFault));
    byFault.forEach((fault, failed) -> message.append("\n\n").append(describe(fault, failed)));
    Optional<Run> differing = failures.stream().filter(r -> !r.effectsMatch()).findFirst();
    if (differing.isPresent()) {
      throw new AssertionFailedError(
          message.toString(), expectedEffects, differing.get().effects());
    }
    throw new AssertionFailedError(message.toString());
  }

  /** One line per fault: how many of its runs failed. */
  @Override
  public String toString() {
    Map<Fault, List<Run>> all = byFault(runs);
    StringBuilder text = new StringBuilder("FaultReport[seed " + seed + ", " + events + " events");
    all.forEach(
        (fault, ofFault) -> {
          long failed = ofFault.stream().filter(r -> !r.passed()).count();
          text.append(", ")
              .append(fault)
              .append(failed == 0 ? " passed" : " failed " + failed + " of " + ofFault.size());
        });
    return text.append(']').toString();
  }

  private String header(Map<Fault, List<Run>> byFault) {
    List<String> failed = new ArrayList<>();
    byFault.forEach(
        (fault, ofFault) ->
            failed.add(fault + " (" + ofFault.size() + " of " + runsOf(fault) + " runs)"));
    List<String> passed = new ArrayList<>();
    byFault(runs).keySet().stream()
        .filter(f -> !byFault.containsKey(f))
        .forEach(f -> passed.add(f.name()));
    boolean onlyEffects =
        byFault.values().stream().flatMap(List::stream).allMatch(r -> r.problems().isEmpty());
    return "HandlerFaults with seed "
        + seed
        + " and "
        + events
        + (onlyEffects
            ? " events: the handler's effects differ from one clean delivery under "
            : " events: the handler does not come out as after one clean delivery under ")
        + String.join(", ", failed)
        + (passed.isEmpty() ? "" : "; it passed " + String.join(", ", passed))
        + ".";
  }

  private String describe(Fault fault, List<Run> failed) {
    Run run = failed.get(0);
    StringBuilder text =
        new StringBuilder()
            .append(fault)
            .append(", run ")
            .append(run.index())
            .append(" (seed ")
            .append(run.seed())
            .append("): ")
            .append(run.injected());
    if (!run.effectsMatch()) {
      text.append("\n  expected (one clean delivery): ").append(expectedEffects);
      text.append("\n  actual:                        ").append(run.effects());
      Optional<String> diff = EffectsDiff.describe(expectedEffects, run.effects());
      diff.ifPresent(d -> text.append("\n  difference: ").append(d));
    }
    run.problems().forEach(p -> text.append("\n  ").append(p));
    text.append("\n  replay this run alone: .faults(Fault.")
        .append(fault)
        .append(").seed(")
        .append(run.seed())
        .append(").runs(1)");
    if (failed.size() == runsOf(fault) && failed.size() > 1) {
      text.append("\n  every run failed (seeds ")
          .append(run.seed())
          .append(" to ")
          .append(failed.get(failed.size() - 1).seed())
          .append(")");
    } else if (failed.size() > 1) {
      List<String> seeds = failed.stream().map(r -> Long.toString(r.seed())).toList();
      text.append("\n  failing seeds: ").append(String.join(", ", seeds));
    }
    return text.toString();
  }

  private long runsOf(Fault fault) {
    return runs.stream().filter(r -> r.fault() == fault).count();
  }

  private static Map<Fault, List<Run>> byFault(List<Run> runs) {
    Map<Fault, List<Run>> byFault = new EnumMap<>(Fault.class);
    runs.forEach(r -> byFault.computeIfAbsent(r.fault(), f -> new ArrayList<>()).add(r));
    return byFault;
  }
}
