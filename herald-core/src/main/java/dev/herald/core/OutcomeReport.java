package dev.herald.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What one service's handlers did lately, as its bus reports it on {@value #TOPIC} (see {@link
 * EventBus.Builder#reportOutcomes}): which event types it handles, how many events each handler
 * settled and how, and the outcome of each event (up to a budget per report). The gateway's
 * dashboard reads these reports to draw who handles what and to trace a flow through every service.
 *
 * @param service the reporting bus's service name
 * @param group its consumer group
 * @param at when the report was made
 * @param handles the event types it handles, even when none came
 * @param counts per event type, the events settled since the previous report (every one counted)
 * @param outcomes the outcome of each event settled since the previous report, oldest first, up to
 *     the budget
 * @param omitted outcomes left out of {@code outcomes} because the budget was spent
 */
public record OutcomeReport(
    String service,
    String group,
    Instant at,
    List<Handles> handles,
    List<Count> counts,
    List<Outcome> outcomes,
    long omitted) {

  /** The topic the reports go to. */
  public static final String TOPIC = "herald.outcomes";

  /** The event type of a report. */
  public static final String TYPE = "herald.outcome-report";

  private static final ObjectMapper JSON = new ObjectMapper();

  public OutcomeReport {
    handles = List.copyOf(handles);
    counts = List.copyOf(counts);
    outcomes = List.copyOf(outcomes);
  }

  /** An event type a service handles, and where. */
  public record Handles(String topic, String type, String handler) {}

  /** How many events of one type a service settled in a report's period, by outcome. */
  public record Count(String topic, String type, long handled, long retried, long deadLettered) {}

  /** How a handler settled one event, or that an attempt failed and will be tried again. */
  public enum Kind {
    /** The handler succeeded (after {@code attempt} attempts). */
    HANDLED,
    /** Attempt {@code attempt} failed; the event will be tried again after a backoff. */
    RETRYING,
    /** The event went to the group's dead letters. */
    DEAD_LETTERED;

    /** The name on the wire: {@code handled}, {@code retrying}, {@code dead-lettered}. */
    public String wireName() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static Kind ofWireName(String name) {
      return valueOf(name.toUpperCase(Locale.ROOT).replace('-', '_'));
    }
  }

  /**
   * The outcome of one event in one handler.
   *
   * @param eventId the event's id
   * @param type its type
   * @param position where it was read
   * @param correlationId its correlation id, if any
   * @param handler the handler's name
   * @param kind what happened
   * @param attempt the attempt it happened on (0 if the handler never ran, such as for an event
   *     that could not be read)
   * @param at when it happened
   * @param tookMicros from the first attempt's start until then
   * @param error the last failure, if any
   * @param reason why it was dead-lettered, if it was
   */
  public record Outcome(
      String eventId,
      String type,
      Position position,
      Optional<String> correlationId,
      String handler,
      Kind kind,
      int attempt,
      Instant at,
      long tookMicros,
      Optional<String> error,
      Optional<String> reason) {}

  /** This report as an event on {@value #TOPIC}. */
  public Envelope toEnvelope(Clock clock) {
    ObjectNode root = JSON.createObjectNode();
    root.put("service", service);
    root.put("group", group);
    root.put("at", at.toString());
    ArrayNode handled = root.putArray("handles");
    handles.forEach(
        h ->
            handled
                .addObject()
                .put("topic", h.topic())
                .put("type", h.type())
                .put("handler", h.handler()));
    ArrayNode countNodes = root.putArray("counts");
    counts.forEach(
        c ->
            countNodes
                .addObject()
                .put("topic", c.topic())
                .put("type", c.type())
                .put("handled", c.handled())
                .put("retried", c.retried())
                .put("deadLettered", c.deadLettered()));
    ArrayNode outcomeNodes = root.putArray("outcomes");
    outcomes.forEach(o -> write(o, outcomeNodes.addObject()));
    root.put("omitted", omitted);
    return Envelope.builder()
        .id(EventIds.next(clock))
        .source(service)
        .type(TYPE)
        .time(at)
        .dataContentType("application/json")
        .extension(Envelope.PARTITION_KEY, group)
        .data(root.toString())
        .build();
  }

  private static void write(Outcome o, ObjectNode node) {
    node.put("id", o.eventId());
    node.put("type", o.type());
    node.put("topic", o.position().topic());
    node.put("partition", o.position().partition());
    node.put("offset", o.position().offset());
    o.correlationId().ifPresent(c -> node.put("correlationid", c));
    node.put("handler", o.handler());
    node.put("outcome", o.kind().wireName());
    node.put("attempt", o.attempt());
    node.put("at", o.at().toString());
    node.put("tookMicros", o.tookMicros());
    o.error().ifPresent(e -> node.put("error", e));
    o.reason().ifPresent(r -> node.put("reason", r));
  }

  /**
   * The report that {@code event} carries.
   *
   * @throws HeraldException if it is not a report, or a damaged one
   */
  public static OutcomeReport read(Envelope event) {
    if (!TYPE.equals(event.type())) {
      throw new HeraldException(
          "event " + event.id() + " has type " + event.type() + ", not " + TYPE);
    }
    try {
      JsonNode root = JSON.readTree(event.data());
      List<Handles> handles = new ArrayList<>();
      for (JsonNode h : array(root, "handles")) {
        handles.add(new Handles(text(h, "topic"), text(h, "type"), text(h, "handler")));
      }
      List<Count> counts = new ArrayList<>();
      for (JsonNode c : array(root, "counts")) {
        counts.add(
            new Count(
                text(c, "topic"),
                text(c, "type"),
                c.path("handled").asLong(),
                c.path("retried").asLong(),
                c.path("deadLettered").asLong()));
      }
      List<Outcome> outcomes = new ArrayList<>();
      for (JsonNode o : array(root, "outcomes")) {
        outcomes.add(
            new Outcome(
                text(o, "id"),
                text(o, "type"),
                new Position(
                    text(o, "topic"), o.path("partition").asInt(), o.path("offset").asLong()),
                optional(o, "correlationid"),
                text(o, "handler"),
                Kind.ofWireName(text(o, "outcome")),
                o.path("attempt").asInt(),
                Instant.parse(text(o, "at")),
                o.path("tookMicros").asLong(),
                optional(o, "error"),
                optional(o, "reason")));
      }
      return new OutcomeReport(
          text(root, "service"),
          text(root, "group"),
          Instant.parse(text(root, "at")),
          handles,
          counts,
          outcomes,
          root.path("omitted").asLong());
    } catch (IOException | RuntimeException e) {
      throw new HeraldException(
          "event " + event.id() + " is not a readable outcome report: " + e.getMessage(), e);
    }
  }

  private static Iterable<JsonNode> array(JsonNode node, String name) {
    JsonNode value = node.path(name);
    if (!value.isArray()) {
      throw new IllegalArgumentException("\"" + name + "\" is not an array");
    }
    return value;
  }

  private static String text(JsonNode node, String name) {
    JsonNode value = node.get(name);
    if (value == null || !value.isTextual()) {
      throw new IllegalArgumentException("\"" + name + "\" is missing or not a string");
    }
    return value.asText();
  }

  private static Optional<String> optional(JsonNode node, String name) {
    JsonNode value = node.get(name);
    return value == null || value.isNull() ? Optional.empty() : Optional.of(value.asText());
  }
}
