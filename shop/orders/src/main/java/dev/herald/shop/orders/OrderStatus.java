package dev.herald.shop.orders;

/** Where an order is in its life; confirmed orders are shipped, the others end cancelled. */
public enum OrderStatus {
  /** Not placed: the state of an order id with no events. */
  NEW,
  /** Placed; waiting for stock and payment. */
  PLACED,
  /** Stock reserved and payment captured; waiting for the parcel to leave. */
  CONFIRMED,
  /** Off, for the reason the order gives; final. */
  CANCELLED,
  /** The parcel left; final. */
  SHIPPED
}
