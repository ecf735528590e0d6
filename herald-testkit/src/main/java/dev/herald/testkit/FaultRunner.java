package dev.herald.testkit;

import dev.herald.core.Envelope;
import dev.herald.core.HeraldException;
import dev.herald.core.Position;
import dev.herald.core.Transports;
import dev.herald.core.spi.Transport;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs one {@link FaultPlan}: resets the world, stores the planned envelopes in a fresh memory
 * transport, runs processes on it until every planned handler call happened (a new process after
 * each planned crash), and reads the effects once the last process is closed.
 */
final class FaultRunner {
  /** What a run left: its effects, and what went wrong besides them (empty if nothing). */
  record Outcome(Object effects, List<String> problems) {}

  private FaultRunner() {}

  static Outcome execute(HandlerFaults.Setup setup, FaultPlan plan) {
    setup.reset().run();
    List<String> problems = new ArrayList<>();
    Transport memory = Transports.memory(plan.partitions);
    try {
      FaultPlan.Events events = setup.events();
      List<Envelope> stored = plan.order.stream().map(events.envelopes()::get).toList();
      List<Position> positions = memory.append(setup.topic(), stored).join();
      Map<Position, String> labelOfPosition = new HashMap<>();
      Map<String, String> labelOfId = new HashMap<>();
      for (int i = 0; i < positions.size(); i++) {
        String label = events.label(plan.order.get(i));
        labelOfPosition.put(positions.get(i), label);
        labelOfId.put(stored.get(i).id(), label);
      }
      FaultProgress progress = new FaultProgress(plan.expectedCalls(events, positions));
      FaultProcess.Run run =
          new FaultProcess.Run(
              setup,
              plan,
              progress,
              memory,
              ConcurrentHashMap.newKeySet(),
              id -> labelOfId.getOrDefault(id, "event " + id));
      long deadline = System.nanoTime() + setup.timeout().toNanos();
      int crashes = 0;
      FaultProgress.State state;
      do {
        Optional<FaultPlan.Crash> crash =
            crashes < plan.crashes.size()
                ? Optional.of(plan.crashes.get(crashes))
                : Optional.empty();
        try (FaultProcess process = new FaultProcess(run, crash)) {
          process.start();
          state = progress.await(crashes, deadline);
        }
        if (state == FaultProgress.State.CRASHED) {
          crashes++;
        }
      } while (state == FaultProgress.State.CRASHED);
      if (state == FaultProgress.State.TIMED_OUT) {
        List<String> failures = progress.failures();
        problems.add(
            "not every event was handled within "
                + setup.timeout()
                + ": "
                + progress.shortfall(p -> labelOfPosition.getOrDefault(p, p.toString()))
                + (failures.isEmpty()
                    ? ""
                    : "; the handler threw: " + String.join("; ", failures)));
      }
      progress.deadLetters().forEach(letter -> problems.add("dead-lettered " + letter));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HeraldException("interrupted while running handler faults", e);
    } finally {
      memory.close();
    }
    Object effects = setup.effects().get();
    if (effects == null) {
      throw new HeraldException(
          "effects() returned null; return a value such as List.of() or Optional.empty()");
    }
    return new Outcome(effects, List.copyOf(problems));
  }
}
