package dev.herald.gateway;

import dev.herald.core.Delivery;
import dev.herald.core.HeraldException;
import dev.herald.core.OutcomeReport;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The handler outcomes the services reported lately ({@link OutcomeReport}, read from {@value
 * OutcomeReport#TOPIC}), by event id, for tracing a flow: the newest {@code capacity} outcomes are
 * kept, older ones forgotten. Each report is also handed on to {@code onReport} (the topology's
 * rates). A damaged report is logged and skipped. Thread-safe.
 */
final class OutcomeIndex {
  private static final Logger log = LoggerFactory.getLogger(OutcomeIndex.class);

  /** One outcome and who reported it. */
  record Reported(String service, String group, OutcomeReport.Outcome outcome) {}

  private final int capacity;
  private final Consumer<OutcomeReport> onReport;
  private final ArrayDeque<Reported> order = new ArrayDeque<>(); // guarded by this
  private final Map<String, List<Reported>> byEvent = new HashMap<>(); // guarded by this

  OutcomeIndex(int capacity, Consumer<OutcomeReport> onReport) {
    this.capacity = capacity;
    this.onReport = onReport;
  }

  /** Takes the report that {@code delivery} carries. */
  void add(Delivery delivery) {
    if (!OutcomeReport.TYPE.equals(delivery.envelope().type())) {
      return;
    }
    OutcomeReport report;
    try {
      report = OutcomeReport.read(delivery.envelope());
    } catch (HeraldException e) {
      log.warn("skipped a damaged outcome report at {}: {}", delivery.position(), e.getMessage());
      return;
    }
    synchronized (this) {
      for (OutcomeReport.Outcome outcome : report.outcomes()) {
        Reported reported = new Reported(report.service(), report.group(), outcome);
        order.addLast(reported);
        byEvent.computeIfAbsent(outcome.eventId(), id -> new ArrayList<>(2)).add(reported);
      }
      while (order.size() > capacity) {
        Reported oldest = order.removeFirst();
        List<Reported> same = byEvent.get(oldest.outcome().eventId());
        same.remove(oldest);
        if (same.isEmpty()) {
          byEvent.remove(oldest.outcome().eventId());
        }
      }
    }
    onReport.accept(report);
  }

  /** The outcomes reported for the event {@code eventId}, in the order they were read. */
  synchronized List<Reported> of(String eventId) {
    return List.copyOf(byEvent.getOrDefault(eventId, List.of()));
  }

  /** The outcomes reported for any of {@code eventIds}, in the order they were read. */
  synchronized Map<String, List<Reported>> of(Set<String> eventIds) {
    Map<String, List<Reported>> found = new HashMap<>();
    for (String id : eventIds) {
      List<Reported> outcomes = byEvent.get(id);
      if (outcomes != null) {
        found.put(id, List.copyOf(outcomes));
      }
    }
    return found;
  }
}
