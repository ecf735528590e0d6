package dev.herald.shop.payments;

/** What a payment gateway answers to a charge. */
public sealed interface GatewayAnswer {
  /**
   * The money is taken.
   *
   * @param paymentId the gateway's id of the capture
   * @param cents the amount taken
   */
  record Captured(String paymentId, long cents) implements GatewayAnswer {}

  /**
   * The charge was declined; nothing was taken.
   *
   * @param reason why, as the gateway says it
   */
  record Declined(String reason) implements GatewayAnswer {}
}
