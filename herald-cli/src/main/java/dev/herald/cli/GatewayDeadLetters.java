package dev.herald.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.core.DeadLetter;
import dev.herald.core.DeadLetterReason;
import dev.herald.core.DeadLetters;
import dev.herald.core.Delivery;
import dev.herald.core.HeraldException;
import dev.herald.core.Position;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code herald dlq --url}: a consumer group's dead letters through a gateway's admin API ({@code
 * /admin/groups/{group}/dead-letters}), read back into {@link DeadLetter}s so that the commands
 * print them exactly as they do from a transport. Blocking; close it when done.
 */
final class GatewayDeadLetters implements AutoCloseable {
  /** The most dead letters one list asks for: the admin API's own limit. */
  static final int MAX_LIST = 10_000;

  private final GatewayClient gateway;
  private final String group;
  private final String base;

  GatewayDeadLetters(GatewayClient gateway, String group) {
    this.gateway = gateway;
    this.group = group;
    this.base = "/admin/groups/" + GatewayClient.encode(group) + "/dead-letters";
  }

  /**
   * Every dead letter of the group, replayed and purged ones too, oldest first.
   *
   * @throws HeraldException if the group has more than {@link #MAX_LIST}
   */
  List<DeadLetter> every() {
    JsonNode answer = gateway.get(base + "?all=true&limit=" + MAX_LIST);
    List<DeadLetter> letters = letters(answer.path("deadLetters"));
    if (letters.size() < answer.path("matched").asLong()) {
      throw new HeraldException(
          "group "
              + group
              + " has "
              + answer.path("matched").asLong()
              + " dead letters, more than the "
              + MAX_LIST
              + " the gateway lists at once; use --transport to see them all");
    }
    return letters;
  }

  /** The dead letter {@code id} (its own id or its event's), as {@link DeadLetters#show}. */
  Optional<DeadLetter> show(String id) {
    try {
      return Optional.of(read(gateway.get(base + "/" + GatewayClient.encode(id))));
    } catch (GatewayRefusal refusal) {
      if (refusal.status() == 404 && refusal.kind().equals("no-such-dead-letter")) {
        return Optional.empty();
      }
      throw refusal;
    }
  }

  /**
   * Replays or purges ({@code verb}) what {@code selection} names: {@code {"ids": [...]}}, a filter
   * or {@code {"all": true}}, as the admin API takes them.
   */
  DeadLetters.Outcome act(String verb, ObjectNode selection) {
    JsonNode answer =
        gateway.post(
            base + "/" + verb,
            "application/json",
            CloudEventJson.line(selection),
            GatewayClient.ANSWER_TIMEOUT);
    return new DeadLetters.Outcome(
        answer.path("count").asInt(),
        letters(answer.path("deadLetters")),
        answer.path("message").asText());
  }

  /** The selection of the one dead letter {@code id}. */
  static ObjectNode ids(String id) {
    ObjectNode selection = JsonNodeFactory.instance.objectNode();
    selection.putArray("ids").add(id);
    return selection;
  }

  private List<DeadLetter> letters(JsonNode list) {
    List<DeadLetter> letters = new ArrayList<>();
    for (JsonNode letter : list) {
      letters.add(read(letter));
    }
    return letters;
  }

  /** A dead letter as the admin API writes it: the event where first read, plus dlq* members. */
  private DeadLetter read(JsonNode json) {
    try {
      ObjectNode event = json.deepCopy();
      Iterator<String> names = event.fieldNames();
      ObjectNode facts = JsonNodeFactory.instance.objectNode();
      while (names.hasNext()) {
        String name = names.next();
        if (name.startsWith("dlq")) {
          facts.set(name, event.get(name));
          names.remove();
        }
      }
      Delivery delivery = CloudEventJson.delivery(event);
      return new DeadLetter(
          text(facts, "dlqid"),
          delivery.envelope(),
          text(facts, "dlqgroup"),
          DeadLetterReason.parse(text(facts, "dlqreason")),
          text(facts, "dlqerror"),
          facts.path("dlqattempts").asInt(),
          new Position(delivery.topic(), delivery.partition(), delivery.offset()),
          text(facts, "dlqhandler"),
          Instant.parse(text(facts, "dlqtime")),
          Optional.ofNullable(facts.get("dlqhead")).map(JsonNode::asText),
          position(text(facts, "dlqposition")),
          DeadLetter.Status.valueOf(text(facts, "dlqstatus").toUpperCase(Locale.ROOT)));
    } catch (RuntimeException e) {
      throw new HeraldException(
          "the gateway at "
              + gateway.uri()
              + " sent a dead letter this herald cannot read ("
              + e.getMessage()
              + "); are both the same Herald version?",
          e);
    }
  }

  private static String text(JsonNode facts, String name) {
    JsonNode value = facts.get(name);
    if (value == null || !value.isTextual()) {
      throw new HeraldException("it has no " + name);
    }
    return value.textValue();
  }

  /** Reads {@code topic/partition@offset}. */
  private static Position position(String text) {
    int slash = text.lastIndexOf('/');
    int at = text.lastIndexOf('@');
    if (slash < 1 || at < slash) {
      throw new HeraldException("dlqposition '" + text + "' is no topic/partition@offset");
    }
    return new Position(
        text.substring(0, slash),
        Integer.parseInt(text.substring(slash + 1, at)),
        Long.parseLong(text.substring(at + 1)));
  }

  @Override
  public void close() {
    gateway.close();
  }
}
