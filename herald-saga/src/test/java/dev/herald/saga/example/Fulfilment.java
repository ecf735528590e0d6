package dev.herald.saga.example;

import dev.herald.saga.Saga;
import dev.herald.saga.example.ShopEvents.CancelOrder;
import dev.herald.saga.example.ShopEvents.ChargePayment;
import dev.herald.saga.example.ShopEvents.OrderPlaced;
import dev.herald.saga.example.ShopEvents.OrderShipped;
import dev.herald.saga.example.ShopEvents.PaymentCaptured;
import dev.herald.saga.example.ShopEvents.PaymentFailed;
import dev.herald.saga.example.ShopEvents.ReleaseStock;
import dev.herald.saga.example.ShopEvents.ReserveStock;
import dev.herald.saga.example.ShopEvents.ShipOrder;
import dev.herald.saga.example.ShopEvents.StockRejected;
import dev.herald.saga.example.ShopEvents.StockReserved;
import java.time.Duration;

/**
 * The shop's fulfilment saga: reserve stock, then charge, then ship; compensate what was done when
 * a step fails or payments does not answer in time.
 *
 * @param orderId the order
 * @param sku what was ordered
 * @param quantity how many
 * @param cents what it costs
 * @param status where the order is
 */
public record Fulfilment(String orderId, String sku, int quantity, long cents, Status status) {
  /** Where an order is in fulfilment. */
  public enum Status {
    NEW,
    PLACED,
    RESERVED,
    PAID,
    SHIPPED,
    CANCELLED
  }

  /** Before the order is placed. */
  public static final Fulfilment NEW = new Fulfilment("", "", 0, 0, Status.NEW);

  /** The deadline for payments to answer. */
  public static final String PAYMENT = "payment";

  /** How long payments has. */
  public static final Duration PAYMENT_TIMEOUT = Duration.ofMinutes(15);

  /** The saga. */
  public static final Saga<Fulfilment> SAGA =
      Saga.builder("fulfilment", Fulfilment.class, NEW)
          .startedBy(
              OrderPlaced.class,
              OrderPlaced::orderId,
              (state, placed, context) -> {
                context.publish(
                    new ReserveStock(placed.orderId(), placed.sku(), placed.quantity()));
                return new Fulfilment(
                    placed.orderId(),
                    placed.sku(),
                    placed.quantity(),
                    placed.cents(),
                    Status.PLACED);
              })
          .on(
              StockReserved.class,
              StockReserved::orderId,
              (state, reserved, context) -> {
                context.publish(new ChargePayment(state.orderId(), state.cents()));
                context.schedule(PAYMENT, PAYMENT_TIMEOUT);
                return state.now(Status.RESERVED);
              })
          .on(
              StockRejected.class,
              StockRejected::orderId,
              (state, rejected, context) -> {
                context.publish(new CancelOrder(state.orderId(), rejected.reason()));
                context.end();
                return state.now(Status.CANCELLED);
              })
          .on(
              PaymentCaptured.class,
              PaymentCaptured::orderId,
              (state, captured, context) -> {
                context.cancel(PAYMENT);
                context.publish(new ShipOrder(state.orderId(), state.sku(), state.quantity()));
                return state.now(Status.PAID);
              })
          .on(
              PaymentFailed.class,
              PaymentFailed::orderId,
              (state, failed, context) -> {
                state.compensate(context, failed.reason());
                return state.now(Status.CANCELLED);
              })
          .on(
              OrderShipped.class,
              OrderShipped::orderId,
              (state, shipped, context) -> {
                context.end();
                return state.now(Status.SHIPPED);
              })
          .onDeadline(
              PAYMENT,
              (state, context) -> {
                state.compensate(context, "no payment in time");
                return state.now(Status.CANCELLED);
              })
          .build();

  private Fulfilment now(Status next) {
    return new Fulfilment(orderId, sku, quantity, cents, next);
  }

  private void compensate(dev.herald.saga.SagaContext context, String reason) {
    context.publish(new ReleaseStock(orderId, sku, quantity));
    context.publish(new CancelOrder(orderId, reason));
    context.end();
  }
}
