package dev.herald.gateway;

import dev.herald.core.spi.Transport;
import java.time.Duration;

/**
 * The gateway's webhooks, put together: the registry and attempts read back from the transport, the
 * guarded HTTP client, the delivery threads and the admin API. {@link #close} stops the deliveries
 * and the client.
 */
final class Webhooks implements AutoCloseable {
  private static final Duration STOP_WAIT = Duration.ofSeconds(10);

  private final WebhookClient client;
  private final WebhookDeliveries deliveries;
  private final WebhookRoutes routes;

  private Webhooks(WebhookClient client, WebhookDeliveries deliveries, WebhookRoutes routes) {
    this.client = client;
    this.deliveries = deliveries;
    this.routes = routes;
  }

  /**
   * Reads the webhooks and their attempts from {@code transport} and starts delivering (pending
   * retries included).
   */
  static Webhooks start(Transport transport, AccessControl access, WebhookSettings settings) {
    WebhookRegistry registry = WebhookRegistry.load(transport);
    WebhookAttempts attempts =
        WebhookAttempts.load(transport, registry.all().stream().map(Webhook::id).toList());
    GuardedResolver targets = new GuardedResolver(settings.resolver(), settings.guard());
    WebhookClient client = new WebhookClient(targets, settings.timeout());
    WebhookDelivery delivery = new WebhookDelivery(client, registry, attempts, settings);
    WebhookDeliveries deliveries =
        new WebhookDeliveries(transport, registry, attempts, delivery, settings);
    deliveries.start();
    return new Webhooks(
        client,
        deliveries,
        new WebhookRoutes(access, transport, registry, attempts, delivery, targets, settings));
  }

  /** The admin API. */
  Routes routes() {
    return routes;
  }

  /**
   * Stops delivering: each delivery thread ends after the message under way, or at once if the
   * message waits for an answer (the client is closed under it and the message is sent again after
   * a restart).
   */
  @Override
  public void close() throws Exception {
    deliveries.close();
    try {
      client.close();
    } finally {
      deliveries.awaitEnd(STOP_WAIT);
    }
  }
}
