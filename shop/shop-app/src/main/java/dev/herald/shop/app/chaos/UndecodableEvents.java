package dev.herald.shop.app.chaos;

import dev.herald.core.Envelope;
import dev.herald.core.spi.Transport;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Events no handler can decode: real shop command types on their real topics, each handled by one
 * consumer group, whose data is cut off mid-JSON. Each must end in its group's dead letters, with
 * nothing stored or published for it.
 */
public final class UndecodableEvents {
  /** The CloudEvents source of every undecodable event, so they are told apart in any run. */
  public static final String SOURCE = "herald-chaos";

  private static final List<String[]> TARGETS =
      List.of(
          new String[] {"shop.stock.commands", "shop.stock.reserve"},
          new String[] {"shop.payment.commands", "shop.payment.charge"},
          new String[] {"shop.shipping.commands", "shop.shipping.ship"});

  private UndecodableEvents() {}

  /**
   * Publishes {@code count} undecodable events through {@code transport}, spread over the shop's
   * command topics, and returns their ids once stored. Blocks.
   */
  public static List<String> publish(Transport transport, int count, long seed) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String[] target = TARGETS.get(i % TARGETS.size());
      String id = UUID.randomUUID().toString();
      String order = "chaos-" + seed + "-" + i;
      Envelope envelope =
          Envelope.builder()
              .id(id)
              .source(SOURCE)
              .type(target[1])
              .dataContentType("application/json")
              .extension(Envelope.PARTITION_KEY, order)
              .extension(Envelope.CORRELATION_ID, order)
              .data(
                  ("{\"orderId\":\"" + order + "\",\"lines\":[{\"sku\":")
                      .getBytes(StandardCharsets.UTF_8))
              .build();
      transport.append(target[0], List.of(envelope)).join();
      ids.add(id);
    }
    return ids;
  }
}
