package dev.herald.gateway;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.core.OutcomeReport;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who publishes and who handles which event types, as the running services show it: publishing from
 * the events themselves (their {@code source} is the publishing service), handling from the
 * services' {@link OutcomeReport outcome reports} (what each handles, and how many it settled),
 * each with its rate over the last minute. Never a hand-written list: a service appears once it
 * publishes or reports. Thread-safe.
 */
final class Topology {
  private static final double ROUNDING = 100.0;

  private record PublishEdge(String service, String type) {}

  private record HandleEdge(String type, String service, String group) {}

  private record HandleRates(RateWindow handled, RateWindow retried, RateWindow deadLettered) {
    HandleRates() {
      this(new RateWindow(), new RateWindow(), new RateWindow());
    }
  }

  private final Map<PublishEdge, RateWindow> published = new ConcurrentHashMap<>();
  private final Map<HandleEdge, HandleRates> handled = new ConcurrentHashMap<>();
  private final Map<String, Set<String>> topicsOfType = new ConcurrentHashMap<>();
  private final Map<String, Set<String>> groupsOfService = new ConcurrentHashMap<>();
  private final Map<String, Instant> lastSeen = new ConcurrentHashMap<>();

  /** Counts an event its source published. */
  void published(IndexedEvent event) {
    String service = event.envelope().source();
    String type = event.envelope().type();
    Instant at = event.time();
    published.computeIfAbsent(new PublishEdge(service, type), k -> new RateWindow()).add(at, 1);
    topicsOfType
        .computeIfAbsent(type, t -> ConcurrentHashMap.newKeySet())
        .add(event.delivery().topic());
    seen(service, at);
  }

  /** Takes what a service reported of its handlers. */
  void reported(OutcomeReport report) {
    seen(report.service(), report.at());
    groupsOfService
        .computeIfAbsent(report.service(), s -> ConcurrentHashMap.newKeySet())
        .add(report.group());
    for (OutcomeReport.Handles handles : report.handles()) {
      rates(handles.type(), report);
      topicsOfType
          .computeIfAbsent(handles.type(), t -> ConcurrentHashMap.newKeySet())
          .add(handles.topic());
    }
    for (OutcomeReport.Count count : report.counts()) {
      HandleRates rates = rates(count.type(), report);
      rates.handled().add(report.at(), count.handled());
      rates.retried().add(report.at(), count.retried());
      rates.deadLettered().add(report.at(), count.deadLettered());
    }
  }

  private HandleRates rates(String type, OutcomeReport report) {
    return handled.computeIfAbsent(
        new HandleEdge(type, report.service(), report.group()), k -> new HandleRates());
  }

  private void seen(String service, Instant at) {
    lastSeen.merge(service, at, (a, b) -> a.isAfter(b) ? a : b);
  }

  /** Who handles events of {@code type}: service and group, by service. */
  List<Handler> handlersOf(String type) {
    return handled.keySet().stream()
        .filter(edge -> edge.type().equals(type))
        .map(edge -> new Handler(edge.service(), edge.group()))
        .sorted(Comparator.comparing(Handler::service).thenComparing(Handler::group))
        .toList();
  }

  /** A service's consumer group that handles an event type. */
  record Handler(String service, String group) {}

  /**
   * The graph as {@code {"window", "services": [{"name", "lastSeen", "groups"}], "eventTypes":
   * [{"type", "topics"}], "edges": [...]}}, where an edge goes from {@code service:<name>} to
   * {@code type:<type>} ({@code "kind": "publishes"}) or back ({@code "handles"}, with its {@code
   * group}, {@code failed} and {@code deadLettered}), each with {@code perSecond} over the last
   * minute before {@code now} and its {@code total}.
   */
  ObjectNode snapshot(Instant now) {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    root.put("window", RateWindow.WINDOW.toString());
    ArrayNode services = root.putArray("services");
    new TreeMap<>(lastSeen)
        .forEach(
            (name, at) -> {
              ObjectNode service =
                  services.addObject().put("name", name).put("lastSeen", at.toString());
              ArrayNode groups = service.putArray("groups");
              new TreeSet<>(groupsOfService.getOrDefault(name, Set.of())).forEach(groups::add);
            });
    ArrayNode types = root.putArray("eventTypes");
    new TreeMap<>(topicsOfType)
        .forEach(
            (type, topics) -> {
              ArrayNode list = types.addObject().put("type", type).putArray("topics");
              new TreeSet<>(topics).forEach(list::add);
            });
    ArrayNode edges = root.putArray("edges");
    published.entrySet().stream()
        .sorted(
            Map.Entry.comparingByKey(
                Comparator.comparing(PublishEdge::service).thenComparing(PublishEdge::type)))
        .forEach(
            e ->
                edges
                    .addObject()
                    .put("from", "service:" + e.getKey().service())
                    .put("to", "type:" + e.getKey().type())
                    .put("kind", "publishes")
                    .put("perSecond", rounded(e.getValue().perSecond(now)))
                    .put("total", e.getValue().total()));
    handled.entrySet().stream()
        .sorted(
            Map.Entry.comparingByKey(
                Comparator.comparing(HandleEdge::type)
                    .thenComparing(HandleEdge::service)
                    .thenComparing(HandleEdge::group)))
        .forEach(
            e -> {
              HandleRates rates = e.getValue();
              edges
                  .addObject()
                  .put("from", "type:" + e.getKey().type())
                  .put("to", "service:" + e.getKey().service())
                  .put("kind", "handles")
                  .put("group", e.getKey().group())
                  .put("perSecond", rounded(rates.handled().perSecond(now)))
                  .put("total", rates.handled().total())
                  .put("failed", rates.retried().total())
                  .put("deadLettered", rates.deadLettered().total());
            });
    return root;
  }

  private static double rounded(double perSecond) {
    return Math.round(perSecond * ROUNDING) / ROUNDING;
  }
}
