package dev.herald.shop.app;

import dev.herald.core.HeraldException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The services of the shop, each of which a {@link ShopApp} may run, in the order they start. */
public enum ShopService {
  /** Takes orders over HTTP and keeps them; applies the saga's and shipping's decisions. */
  ORDERS,
  /** Reserves, releases and ships stock. */
  INVENTORY,
  /** Charges and refunds through the simulated gateway. */
  PAYMENTS,
  /** Creates shipments once paid and reports them shipped. */
  SHIPPING,
  /** The fulfilment saga: asks for stock, then payment, and compensates. */
  FULFILMENT,
  /** Tells customers of each step, once. */
  NOTIFICATIONS,
  /** Live figures: orders per minute, revenue, conversion, top SKUs. */
  ANALYTICS;

  /** The name on the command line, such as {@code inventory}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The service called {@code id}, in any case.
   *
   * @throws HeraldException naming the services there are, if none is called {@code id}
   */
  public static ShopService byId(String id) {
    for (ShopService service : values()) {
      if (service.id().equalsIgnoreCase(id == null ? "" : id.strip())) {
        return service;
      }
    }
    throw new HeraldException(
        "there is no shop service called '" + id + "'; the services are " + ids());
  }

  /** Every service's id, comma-separated, in start order. */
  public static String ids() {
    return Arrays.stream(values()).map(ShopService::id).collect(Collectors.joining(", "));
  }
}
