package dev.herald.shop.orders;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;

/**
 * The body of {@code POST /orders}, checked for shape: {@code {"customerId": "c-1", "lines":
 * [{"sku": "TEA-GREEN", "quantity": 2}]}}. What the lines ask for is checked by {@link
 * Order#place}.
 *
 * @param customerId who orders
 * @param lines what they ask for
 */
record PlaceOrderRequest(String customerId, List<LineRequest> lines) {
  static final int MAX_CUSTOMER_ID = 100;
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Parses {@code body}.
   *
   * @throws ProblemException 400 naming what is malformed or missing
   */
  static PlaceOrderRequest parse(byte[] body) {
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (JacksonException e) {
      JsonLocation at = e.getLocation();
      String where =
          at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      throw Problems.badRequest(
          "malformed-json", "the body is not valid JSON" + where + ": " + e.getOriginalMessage());
    } catch (java.io.IOException e) {
      throw Problems.badRequest("malformed-json", "the body could not be read: " + e);
    }
    if (root == null || !root.isObject()) {
      throw Problems.badRequest(
          "malformed-json",
          "the body is JSON but not an object; send {\"customerId\": …, \"lines\": [...]}");
    }
    String customerId = text(root, "customerId", "customerId");
    if (customerId.isBlank() || customerId.length() > MAX_CUSTOMER_ID) {
      throw Problems.badRequest(
          "invalid-field", "customerId is 1 to " + MAX_CUSTOMER_ID + " characters, not blank");
    }
    JsonNode lines = root.get("lines");
    if (lines == null || lines.isNull()) {
      throw missing("lines");
    }
    if (!lines.isArray()) {
      throw Problems.badRequest(
          "invalid-field", "lines is an array of {\"sku\": …, \"quantity\": …}");
    }
    List<LineRequest> parsed = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      parsed.add(line(lines.get(i), "lines[" + i + "]"));
    }
    return new PlaceOrderRequest(customerId, parsed);
  }

  private static LineRequest line(JsonNode line, String where) {
    if (!line.isObject()) {
      throw Problems.badRequest(
          "invalid-field", where + " is not an object; send {\"sku\": …, \"quantity\": …}");
    }
    String sku = text(line, "sku", where + ".sku");
    JsonNode quantity = line.get("quantity");
    if (quantity == null || quantity.isNull()) {
      throw missing(where + ".quantity");
    }
    if (!quantity.isIntegralNumber()) {
      throw Problems.badRequest(
          "invalid-field", where + ".quantity is a whole number, was " + quantity);
    }
    if (!quantity.canConvertToLong()) {
      throw new InvalidOrderException(
          where
              + ": quantity "
              + quantity
              + " is out of range; order "
              + Order.MIN_QUANTITY
              + " to "
              + Order.MAX_QUANTITY
              + " of one SKU");
    }
    return new LineRequest(sku, quantity.longValue());
  }

  private static String text(JsonNode parent, String field, String name) {
    JsonNode value = parent.get(field);
    if (value == null || value.isNull()) {
      throw missing(name);
    }
    if (!value.isTextual()) {
      throw Problems.badRequest("invalid-field", name + " is a string, was " + value);
    }
    return value.textValue();
  }

  private static ProblemException missing(String name) {
    return Problems.badRequest("missing-field", name + " is missing");
  }
}
