package dev.herald.shop.app.chaos;

import dev.herald.core.Envelope;
import dev.herald.core.EventTypes;
import dev.herald.core.RegisteredType;
import dev.herald.core.spi.Transport;
import dev.herald.shop.events.PaymentEvents.ChargePayment;
import dev.herald.shop.events.ShippingEvents.ShipOrder;
import dev.herald.shop.events.StockEvents.ReserveStock;
import dev.herald.shop.inventory.InventoryService;
import dev.herald.shop.payments.PaymentsService;
import dev.herald.shop.shipping.ShippingService;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Events no handler can decode: real shop commands on their real topics, whose data is cut off
 * mid-JSON. Each command type is handled by exactly one consumer group, whose dead letters each
 * such event must end in, with nothing stored or published for it. Stateless.
 */
public final class UndecodableEvents {
  /** The CloudEvents source of every undecodable event, so they are told apart in any run. */
  public static final String SOURCE = "herald-chaos";

  /** A command type, and the one consumer group that handles it. */
  private record Target(RegisteredType<?> type, String group) {}

  private static final EventTypes TYPES = new EventTypes();
  private static final List<Target> TARGETS =
      List.of(
          new Target(TYPES.of(ReserveStock.class), InventoryService.NAME),
          new Target(TYPES.of(ChargePayment.class), PaymentsService.NAME),
          new Target(TYPES.of(ShipOrder.class), ShippingService.NAME));

  private UndecodableEvents() {}

  /**
   * Publishes {@code count} undecodable events through {@code transport}, spread over the commands
   * that {@code groups} handle (none if they handle none), and returns each one's id with the group
   * that must dead-letter it, in publish order, once stored. The ids are random, so that runs on
   * the same data never share one. Blocks.
   */
  public static Map<String, String> publish(
      Transport transport, int count, long seed, Collection<String> groups) {
    List<Target> targets = TARGETS.stream().filter(t -> groups.contains(t.group())).toList();
    Map<String, String> published = new LinkedHashMap<>();
    for (int i = 0; i < count && !targets.isEmpty(); i++) {
      Target target = targets.get(i % targets.size());
      String id = UUID.randomUUID().toString();
      String order = "chaos-" + seed + "-" + i;
      Envelope envelope =
          Envelope.builder()
              .id(id)
              .source(SOURCE)
              .type(target.type().name())
              .dataContentType("application/json")
              .extension(Envelope.PARTITION_KEY, order)
              .extension(Envelope.CORRELATION_ID, order)
              .data(
                  ("{\"orderId\":\"" + order + "\",\"lines\":[{\"sku\":")
                      .getBytes(StandardCharsets.UTF_8))
              .build();
      transport.append(target.type().topic(), List.of(envelope)).join();
      published.put(id, target.group());
    }
    return published;
  }

  /** The consumer group that must dead-letter an undecodable event of type {@code type}, if any. */
  public static Optional<String> groupOf(String type) {
    return TARGETS.stream()
        .filter(t -> t.type().name().equals(type))
        .map(Target::group)
        .findFirst();
  }
}
