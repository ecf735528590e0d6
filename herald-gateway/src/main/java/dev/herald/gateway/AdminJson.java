package dev.herald.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.core.CloudEventJson;
import dev.herald.core.DeadLetter;
import dev.herald.core.Delivery;
import dev.herald.core.Position;
import io.javalin.http.Context;
import java.util.Locale;

/**
 * How the admin API writes events and dead letters: CloudEvents JSON objects with extra attributes,
 * in the shapes {@code herald tail --json} and {@code herald dlq list --json} print. Stateless.
 */
final class AdminJson {
  /** Where an event was read: its topic. */
  static final String TOPIC = "heraldtopic";

  /** Where an event was read: its partition. */
  static final String PARTITION = "heraldpartition";

  /** Where an event was read: its offset. */
  static final String OFFSET = "heraldoffset";

  private AdminJson() {}

  /** Answers {@code ctx} 200 with {@code body} as JSON. */
  static void send(Context ctx, JsonNode body) {
    ctx.contentType("application/json").result(body.toString());
  }

  /**
   * The event as CloudEvents JSON plus where it was read ({@value #TOPIC}, {@value #PARTITION},
   * {@value #OFFSET}), which are valid extension names, so the object is itself a CloudEvent.
   */
  static ObjectNode event(Delivery delivery) {
    ObjectNode node = CloudEventJson.write(delivery.envelope());
    node.put(TOPIC, delivery.topic());
    node.put(PARTITION, delivery.partition());
    node.put(OFFSET, delivery.offset());
    return node;
  }

  /**
   * The dead letter as the CLI's {@code --json} prints it: the event where it was first read, plus
   * {@code dlqid}, {@code dlqstatus}, {@code dlqgroup}, {@code dlqreason}, {@code dlqerror}, {@code
   * dlqattempts}, {@code dlqhandler}, {@code dlqtime} and, in ordered mode, {@code dlqhead}; and,
   * which the CLI prints only in {@code herald dlq show}, {@code dlqposition}: where the dead
   * letter itself is stored, as {@code topic/partition@offset}.
   */
  static ObjectNode deadLetter(DeadLetter letter) {
    Position at = letter.original();
    ObjectNode node =
        event(new Delivery(letter.envelope(), at.topic(), at.partition(), at.offset()));
    node.put("dlqid", letter.id());
    node.put("dlqstatus", letter.status().name().toLowerCase(Locale.ROOT));
    node.put("dlqgroup", letter.group());
    node.put("dlqreason", letter.reason().wireName());
    node.put("dlqerror", letter.error());
    node.put("dlqattempts", letter.attempts());
    node.put("dlqhandler", letter.handler());
    node.put("dlqtime", letter.time().toString());
    letter.sequence().ifPresent(head -> node.put("dlqhead", head));
    node.put("dlqposition", letter.position().toString());
    return node;
  }
}
