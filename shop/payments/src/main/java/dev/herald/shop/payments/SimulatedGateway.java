package dev.herald.shop.payments;

import dev.herald.core.HeraldException;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A payment gateway that answers after a latency and declines a share of the charges. Whether an
 * order's charge is declined depends only on the seed and the order id, so a run is reproducible
 * whatever order the charges come in. Like a real gateway given an idempotency key, it charges an
 * order once: asked again, it answers what it answered the first time. Thread-safe; {@link #charge}
 * blocks for the latency.
 */
public final class SimulatedGateway {
  private final double failureRate;
  private final Duration latency;
  private final long seed;
  private final Map<String, GatewayAnswer> answered = new ConcurrentHashMap<>();
  private final AtomicInteger calls = new AtomicInteger();

  /**
   * A gateway that declines a share {@code failureRate} of charges and answers after {@code
   * latency}.
   *
   * @throws HeraldException if the rate is not from 0 to 1 or the latency is negative
   */
  public SimulatedGateway(double failureRate, Duration latency, long seed) {
    if (!(failureRate >= 0 && failureRate <= 1)) {
      throw new HeraldException(
          "the payment failure rate is a share from 0 (never) to 1 (always), was " + failureRate);
    }
    if (latency == null || latency.isNegative()) {
      throw new HeraldException(
          "the payment gateway's latency is 0 or more, was "
              + latency
              + "; use Duration.ZERO for none");
    }
    this.failureRate = failureRate;
    this.latency = latency;
    this.seed = seed;
  }

  /** Charges {@code cents} for {@code orderId}, or answers as before if it was charged already. */
  public GatewayAnswer charge(String orderId, long cents) throws InterruptedException {
    calls.incrementAndGet();
    // the latency is what is simulated: a real gateway's answer takes this long on the wire
    Thread.sleep(latency);
    return answered.computeIfAbsent(orderId, id -> decide(id, cents));
  }

  /** How many charges it was asked for, repeats included. */
  public int calls() {
    return calls.get();
  }

  private GatewayAnswer decide(String orderId, long cents) {
    Random random = new Random(seed * 31 + orderId.hashCode());
    if (random.nextDouble() < failureRate) {
      return new GatewayAnswer.Declined("the card was declined by the (simulated) bank");
    }
    return new GatewayAnswer.Captured("pay-" + orderId, cents);
  }
}
