package dev.herald.shop.orders;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.shop.events.Line;
import java.util.List;
import java.util.Locale;

/** Orders as the HTTP API shows them. Stateless. */
final class OrderJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private OrderJson() {}

  static ObjectNode of(Order order) {
    ObjectNode node = JSON.createObjectNode();
    node.put("id", order.id());
    node.put("customerId", order.customerId());
    node.put("status", order.status().name().toLowerCase(Locale.ROOT));
    ArrayNode lines = node.putArray("lines");
    for (Line line : order.lines()) {
      lines
          .addObject()
          .put("sku", line.sku())
          .put("quantity", line.quantity())
          .put("unitCents", line.unitCents())
          .put("cents", line.cents());
    }
    node.put("totalCents", order.totalCents());
    node.put("placedAt", order.placedAt().toString());
    if (order.status() == OrderStatus.CANCELLED) {
      node.put("cancelReason", order.cancelReason());
    }
    if (order.status() == OrderStatus.SHIPPED) {
      node.put("shipmentId", order.shipmentId());
    }
    return node;
  }

  static ObjectNode list(List<Order> orders) {
    ObjectNode node = JSON.createObjectNode();
    ArrayNode all = node.putArray("orders");
    orders.forEach(order -> all.add(of(order)));
    return node;
  }
}
