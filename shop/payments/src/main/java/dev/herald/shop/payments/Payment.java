package dev.herald.shop.payments;

import dev.herald.shop.events.PaymentEvents.PaymentCaptured;
import dev.herald.shop.events.PaymentEvents.PaymentEvent;
import dev.herald.shop.events.PaymentEvents.PaymentFailed;
import dev.herald.shop.events.PaymentEvents.PaymentRefunded;
import java.util.List;

/**
 * One order's payment, and the decisions on it: each returns the events that record it, none when
 * it changes nothing (an order charged before, a payment refunded before), or throws {@link
 * RefundRefusedException}. Decisions have no side effects: the gateway is called before, and its
 * answer decided on here. Immutable.
 *
 * @param orderId the order paid for; empty while {@link Status#NONE}
 * @param status where the payment is
 * @param paymentId the gateway's id of the capture; empty unless captured or refunded
 * @param cents the amount captured; 0 unless captured or refunded
 * @param reason why the charge failed; empty unless failed
 */
public record Payment(String orderId, Status status, String paymentId, long cents, String reason) {
  /** Where an order's payment is. */
  public enum Status {
    /** Never charged. */
    NONE,
    /** The money is taken. */
    CAPTURED,
    /** The charge was declined; no money was taken. Final. */
    FAILED,
    /** The money went back. Final. */
    REFUNDED
  }

  /** The payment of an order never charged. */
  public static Payment none() {
    return new Payment("", Status.NONE, "", 0, "");
  }

  /** Records what the gateway answered to charging the order; nothing if it was charged before. */
  public List<PaymentEvent> charged(String orderId, GatewayAnswer answer) {
    if (status != Status.NONE) {
      return List.of();
    }
    return List.of(
        switch (answer) {
          case GatewayAnswer.Captured c -> new PaymentCaptured(orderId, c.paymentId(), c.cents());
          case GatewayAnswer.Declined d -> new PaymentFailed(orderId, d.reason());
        });
  }

  /**
   * Gives the captured money back; nothing if it was refunded before.
   *
   * @throws RefundRefusedException if the order was never charged or its charge failed
   */
  public List<PaymentEvent> refund(String orderId) {
    return switch (status) {
      case CAPTURED -> List.of(new PaymentRefunded(orderId, paymentId, cents));
      case REFUNDED -> List.of();
      case NONE ->
          throw new RefundRefusedException(
              "order " + orderId + " was never charged, so there is nothing to refund");
      case FAILED ->
          throw new RefundRefusedException(
              "order "
                  + orderId
                  + "'s charge failed ("
                  + reason
                  + "); no money was taken to refund");
    };
  }

  /** The state after {@code event}. */
  Payment apply(PaymentEvent event) {
    return switch (event) {
      case PaymentCaptured c ->
          new Payment(c.orderId(), Status.CAPTURED, c.paymentId(), c.cents(), "");
      case PaymentFailed f -> new Payment(f.orderId(), Status.FAILED, "", 0, f.reason());
      case PaymentRefunded r ->
          new Payment(r.orderId(), Status.REFUNDED, r.paymentId(), r.cents(), "");
    };
  }
}
