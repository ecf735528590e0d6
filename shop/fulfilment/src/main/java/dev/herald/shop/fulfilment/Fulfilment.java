package dev.herald.shop.fulfilment;

import dev.herald.core.HeraldException;
import dev.herald.saga.Saga;
import dev.herald.saga.SagaContext;
import dev.herald.shop.events.Line;
import dev.herald.shop.events.OrderEvents.CancelOrder;
import dev.herald.shop.events.OrderEvents.ConfirmOrder;
import dev.herald.shop.events.OrderEvents.OrderPlaced;
import dev.herald.shop.events.PaymentEvents.ChargePayment;
import dev.herald.shop.events.PaymentEvents.PaymentCaptured;
import dev.herald.shop.events.PaymentEvents.PaymentFailed;
import dev.herald.shop.events.PaymentEvents.RefundPayment;
import dev.herald.shop.events.ShippingEvents.ShipOrder;
import dev.herald.shop.events.ShippingEvents.ShipmentShipped;
import dev.herald.shop.events.StockEvents.ReleaseStock;
import dev.herald.shop.events.StockEvents.ReserveStock;
import dev.herald.shop.events.StockEvents.StockRejected;
import dev.herald.shop.events.StockEvents.StockReserved;
import java.time.Duration;
import java.util.List;

/**
 * The state of one order's fulfilment, and the {@link #saga saga} that moves it: reserve stock,
 * charge, then confirm and ship; release the stock and cancel when the payment fails or does not
 * come in time.
 *
 * <p>An order cancelled by the payment deadline stays open for a while longer (the refund window):
 * payments may still capture the charge it was sent, and that money has to go back. A capture in
 * the window is answered with {@link RefundPayment}; when the window passes the instance ends.
 *
 * @param orderId the order
 * @param customerId who placed it
 * @param lines what was ordered
 * @param totalCents what it costs
 * @param status where the order is
 */
public record Fulfilment(
    String orderId, String customerId, List<Line> lines, long totalCents, Status status) {

  /** Where an order is in fulfilment. */
  public enum Status {
    /** No event yet. */
    NEW,
    /** Waiting for inventory. */
    PLACED,
    /** Stock put aside, waiting for payments. */
    RESERVED,
    /** Paid, confirmed and sent to shipping; waiting for the parcel to leave. */
    PAID,
    /** The parcel left; the instance has ended. */
    SHIPPED,
    /** Cancelled: stock rejected or payment failed; the instance has ended. */
    CANCELLED,
    /** Cancelled by the payment deadline; a late capture is refunded until the window passes. */
    TIMED_OUT
  }

  /** Before the order is placed. */
  public static final Fulfilment NEW = new Fulfilment("", "", List.of(), 0, Status.NEW);

  /** The deadline for payments to answer. */
  public static final String PAYMENT = "payment";

  /** The deadline after which a late capture is no longer expected. */
  public static final String REFUND_WINDOW = "refund-window";

  /** The reason on an order cancelled by the payment deadline. */
  public static final String NO_PAYMENT_IN_TIME = "no payment in time";

  /** The reason on the refund of a capture that came after the deadline. */
  public static final String CAPTURED_TOO_LATE = "payment captured after the order was cancelled";

  /** Copies the lines. */
  public Fulfilment {
    lines = List.copyOf(lines);
  }

  /**
   * The fulfilment saga, named {@code shop.fulfilment}.
   *
   * @param paymentTimeout how long payments has to answer a charge
   * @param refundWindow how long after that deadline a late capture is still refunded
   * @throws HeraldException if a duration is not positive
   */
  public static Saga<Fulfilment> saga(Duration paymentTimeout, Duration refundWindow) {
    requirePositive("paymentTimeout", paymentTimeout);
    requirePositive("refundWindow", refundWindow);
    return Saga.builder("shop.fulfilment", Fulfilment.class, NEW)
        .startedBy(
            OrderPlaced.class,
            OrderPlaced::orderId,
            (state, placed, context) -> placed(placed, context))
        .on(
            StockReserved.class,
            StockReserved::orderId,
            (state, reserved, context) -> {
              if (state.status != Status.PLACED) {
                return state;
              }
              context.publish(new ChargePayment(state.orderId, state.customerId, state.totalCents));
              context.schedule(PAYMENT, paymentTimeout);
              return state.now(Status.RESERVED);
            })
        .on(
            StockRejected.class,
            StockRejected::orderId,
            (state, rejected, context) -> {
              if (state.status != Status.PLACED) {
                return state;
              }
              context.publish(new CancelOrder(state.orderId, rejected.reason()));
              context.end();
              return state.now(Status.CANCELLED);
            })
        .on(
            PaymentCaptured.class,
            PaymentCaptured::orderId,
            (state, captured, context) -> state.captured(context))
        .on(
            PaymentFailed.class,
            PaymentFailed::orderId,
            (state, failed, context) -> {
              if (state.status == Status.TIMED_OUT) {
                context.end();
                return state;
              }
              if (state.status != Status.RESERVED) {
                return state;
              }
              context.cancel(PAYMENT);
              state.compensate(context, failed.reason());
              context.end();
              return state.now(Status.CANCELLED);
            })
        .on(
            ShipmentShipped.class,
            ShipmentShipped::orderId,
            (state, shipped, context) -> {
              if (state.status != Status.PAID) {
                return state;
              }
              context.end();
              return state.now(Status.SHIPPED);
            })
        .onDeadline(
            PAYMENT,
            (state, context) -> {
              state.compensate(context, NO_PAYMENT_IN_TIME);
              context.schedule(REFUND_WINDOW, refundWindow);
              return state.now(Status.TIMED_OUT);
            })
        .onDeadline(
            REFUND_WINDOW,
            (state, context) -> {
              context.end();
              return state;
            })
        .build();
  }

  private static Fulfilment placed(OrderPlaced placed, SagaContext context) {
    context.publish(new ReserveStock(placed.orderId(), placed.lines()));
    return new Fulfilment(
        placed.orderId(), placed.customerId(), placed.lines(), placed.totalCents(), Status.PLACED);
  }

  private Fulfilment captured(SagaContext context) {
    if (status == Status.RESERVED) {
      context.cancel(PAYMENT);
      context.publish(new ConfirmOrder(orderId));
      context.publish(new ShipOrder(orderId, customerId, lines));
      return now(Status.PAID);
    }
    if (status == Status.TIMED_OUT) {
      context.publish(new RefundPayment(orderId, CAPTURED_TOO_LATE));
      context.end();
    }
    return this;
  }

  private void compensate(SagaContext context, String reason) {
    context.publish(new ReleaseStock(orderId, lines));
    context.publish(new CancelOrder(orderId, reason));
  }

  private Fulfilment now(Status next) {
    return new Fulfilment(orderId, customerId, lines, totalCents, next);
  }

  private static void requirePositive(String name, Duration duration) {
    if (duration == null || duration.isNegative() || duration.isZero()) {
      throw new HeraldException(
          "fulfilment's " + name + " must be a positive duration, such as 30s; was " + duration);
    }
  }
}
