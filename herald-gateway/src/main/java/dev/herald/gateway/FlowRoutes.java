package dev.herald.gateway;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.core.DeadLetter;
import dev.herald.core.DeadLetterFilter;
import dev.herald.core.DeadLetters;
import dev.herald.core.Envelope;
import dev.herald.core.OutcomeReport;
import dev.herald.core.spi.Transport;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code GET /admin/flows/{correlationId}}: one flow across every service, for the dashboard's
 * trace. Answers {@code {"correlationId", "events", "services", "roots", "timeline",
 * "deadLetters"}}: {@code roots} is the causal tree (an event's children are the events whose
 * {@code causationid} is its id; a root has none that the gateway knows), each node {@code
 * {"event", "outcomes", "handlers", "children"}} with what each handler did with the event
 * (handled, retrying, dead-lettered, from the services' outcome reports) and who handles its type
 * ({@code [{"service", "group"}]}, as the {@link Topology} knows it), so that a handler that has
 * not reported yet shows as pending; {@code timeline} is every publish and outcome by time; {@code
 * deadLetters} the flow's dead letters in the groups that dead-lettered one of its events, pending
 * or not. Built from the newest events and outcomes the gateway keeps.
 */
final class FlowRoutes implements Routes {
  private final EventIndex events;
  private final OutcomeIndex outcomes;
  private final Topology topology;
  private final Transport transport;
  private final AccessControl access;

  FlowRoutes(
      EventIndex events,
      OutcomeIndex outcomes,
      Topology topology,
      Transport transport,
      AccessControl access) {
    this.events = events;
    this.outcomes = outcomes;
    this.topology = topology;
    this.transport = transport;
    this.access = access;
  }

  @Override
  public void register(JavalinConfig config) {
    config.routes.get("/admin/flows/{correlationId}", this::get);
  }

  private void get(Context ctx) {
    access.caller(ctx).requireAdmin();
    AdminParams.only(ctx, Set.of());
    String flow = ctx.pathParam("correlationId");
    List<IndexedEvent> found = events.byCorrelation(flow);
    if (found.isEmpty()) {
      throw GatewayProblem.notFound(
          "no-such-flow",
          "the gateway knows no event with correlation id "
              + flow
              + "; it keeps only the newest "
              + events.capacity()
              + " events, so the flow may be older or not yet read");
    }
    Set<String> ids = new LinkedHashSet<>();
    found.forEach(e -> ids.add(e.id()));
    Map<String, List<OutcomeIndex.Reported>> handled = outcomes.of(ids);
    ObjectNode answer = JsonNodeFactory.instance.objectNode();
    answer.put("correlationId", flow);
    answer.put("events", found.size());
    ArrayNode services = answer.putArray("services");
    services(found, handled).forEach(services::add);
    answer.set("roots", tree(found, handled));
    answer.set("timeline", timeline(found, handled));
    ArrayNode letters = answer.putArray("deadLetters");
    deadLetters(flow, handled).forEach(l -> letters.add(AdminJson.deadLetter(l)));
    AdminJson.send(ctx, answer);
  }

  private static Set<String> services(
      List<IndexedEvent> found, Map<String, List<OutcomeIndex.Reported>> handled) {
    Set<String> services = new TreeSet<>();
    found.forEach(e -> services.add(e.envelope().source()));
    handled.values().forEach(list -> list.forEach(r -> services.add(r.service())));
    return services;
  }

  private ArrayNode tree(
      List<IndexedEvent> found, Map<String, List<OutcomeIndex.Reported>> handled) {
    Map<String, Integer> firstOf = new HashMap<>();
    List<ObjectNode> inOrder = new ArrayList<>();
    for (IndexedEvent event : found) {
      ObjectNode node = JsonNodeFactory.instance.objectNode();
      node.set("event", AdminJson.event(event.delivery()));
      ArrayNode list = node.putArray("outcomes");
      handled.getOrDefault(event.id(), List.of()).forEach(r -> list.add(outcome(r)));
      ArrayNode handlers = node.putArray("handlers");
      topology
          .handlersOf(event.envelope().type())
          .forEach(h -> handlers.addObject().put("service", h.service()).put("group", h.group()));
      node.putArray("children");
      firstOf.putIfAbsent(event.id(), inOrder.size()); // a duplicate's children go to the first
      inOrder.add(node);
    }
    int[] parents = parents(found, firstOf);
    ArrayNode roots = JsonNodeFactory.instance.arrayNode();
    for (int i = 0; i < found.size(); i++) {
      if (parents[i] < 0) {
        roots.add(inOrder.get(i));
      } else {
        ((ArrayNode) inOrder.get(parents[i]).get("children")).add(inOrder.get(i));
      }
    }
    return roots;
  }

  /**
   * The index of each event's cause in {@code found}, or -1 for a root: an event whose cause the
   * gateway does not know, or one that (through damaged or hand-made causation ids) would be its
   * own ancestor, which would otherwise leave the cycle out of the tree, or loop.
   */
  private static int[] parents(List<IndexedEvent> found, Map<String, Integer> firstOf) {
    int n = found.size();
    int[] parents = new int[n];
    for (int i = 0; i < n; i++) {
      Optional<String> cause = found.get(i).envelope().causationId();
      parents[i] = cause.map(firstOf::get).orElse(-1);
    }
    for (int i = 0; i < n; i++) {
      int ancestor = parents[i];
      for (int steps = 0; ancestor >= 0 && ancestor != i && steps < n; steps++) {
        ancestor = parents[ancestor];
      }
      if (ancestor == i) {
        parents[i] = -1; // breaks the cycle here: the others now lead to this root
      }
    }
    return parents;
  }

  private static ObjectNode outcome(OutcomeIndex.Reported reported) {
    OutcomeReport.Outcome o = reported.outcome();
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("service", reported.service());
    node.put("group", reported.group());
    node.put("handler", o.handler());
    node.put("outcome", o.kind().wireName());
    node.put("attempt", o.attempt());
    node.put("at", o.at().toString());
    node.put("tookMs", o.tookMicros() / 1_000.0);
    o.error().ifPresent(e -> node.put("error", e));
    o.reason().ifPresent(r -> node.put("reason", r));
    return node;
  }

  private record Entry(Instant at, ObjectNode node) {}

  private static ArrayNode timeline(
      List<IndexedEvent> found, Map<String, List<OutcomeIndex.Reported>> handled) {
    List<Entry> entries = new ArrayList<>();
    Set<String> done = new LinkedHashSet<>();
    for (IndexedEvent event : found) {
      Envelope e = event.envelope();
      ObjectNode node = JsonNodeFactory.instance.objectNode();
      node.put("at", event.time().toString());
      node.put("kind", "published");
      node.put("eventId", e.id());
      node.put("type", e.type());
      node.put("service", e.source());
      node.put("topic", event.delivery().topic());
      entries.add(new Entry(event.time(), node));
      if (!done.add(e.id())) {
        continue; // a duplicate's outcomes are already listed
      }
      for (OutcomeIndex.Reported reported : handled.getOrDefault(e.id(), List.of())) {
        ObjectNode outcome = outcome(reported);
        outcome.put("kind", outcome.remove("outcome").asText());
        outcome.put("eventId", e.id());
        outcome.put("type", e.type());
        entries.add(new Entry(reported.outcome().at(), outcome));
      }
    }
    entries.sort(Comparator.comparing(Entry::at)); // stable: a publish stays before its outcomes
    ArrayNode timeline = JsonNodeFactory.instance.arrayNode();
    entries.forEach(entry -> timeline.add(entry.node()));
    return timeline;
  }

  private List<DeadLetter> deadLetters(
      String flow, Map<String, List<OutcomeIndex.Reported>> handled) {
    Set<String> groups = new TreeSet<>();
    handled.values().stream()
        .flatMap(List::stream)
        .filter(r -> r.outcome().kind() == OutcomeReport.Kind.DEAD_LETTERED)
        .forEach(r -> groups.add(r.group()));
    List<DeadLetter> letters = new ArrayList<>();
    for (String group : groups) {
      AdminCalls.ask(
              "read the dead letters of " + group,
              () -> DeadLetters.of(transport, group).list(DeadLetterFilter.all().withResolved()))
          .stream()
          .filter(l -> l.envelope().correlationId().filter(flow::equals).isPresent())
          .forEach(letters::add);
    }
    letters.sort(Comparator.comparing(DeadLetter::time));
    return letters;
  }
}
