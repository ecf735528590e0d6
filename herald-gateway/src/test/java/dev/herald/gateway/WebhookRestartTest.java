package dev.herald.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.core.Transports;
import dev.herald.core.spi.Transport;
import dev.herald.gateway.WebhookReceiver.Received;
import dev.herald.gateway.WebhookReceiver.Reply;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WebhookRestartTest {
  private static final String TOPIC = "shop.order";

  @TempDir Path dir;

  private Gateway start(Transport transport, Clock clock) {
    return Gateway.builder(transport)
        .webhookAllowList(List.of("127.0.0.0/8"))
        .webhooks(
            settings ->
                settings.withClock(clock).withRetries(RetrySchedule.of(Duration.ofHours(1))))
        .start();
  }

  @Test
  void webhooksAndPendingRetries_surviveARestartOnTheSameLog() throws Exception {
    try (WebhookReceiver receiver = new WebhookReceiver(Reply.of(500))) {
      String id;
      String secret;
      Received first;
      try (Transport transport = Transports.open("log:" + dir);
          Gateway gateway = start(transport, Clock.systemUTC())) {
        WebhookApi api = new WebhookApi(new Http(gateway.uri()), transport);
        JsonNode created = api.create(receiver.url(), TOPIC);
        id = created.get("id").asText();
        secret = created.get("secret").asText();
        api.publish(TOPIC, "e-1", "shop.order.placed");
        first = receiver.next(WebhookApi.TIMEOUT);
        JsonNode failed = api.awaitAttempts(id, 1).get(0);
        assertThat(failed.get("outcome").asText()).isEqualTo("retrying");
      }

      // two hours on: the retry, due an hour after the failure, is overdue at start
      Clock later = Clock.offset(Clock.systemUTC(), Duration.ofHours(2));
      try (Transport transport = Transports.open("log:" + dir);
          Gateway gateway = start(transport, later)) {
        WebhookApi api = new WebhookApi(new Http(gateway.uri()), transport);

        Received retried = receiver.next(WebhookApi.TIMEOUT);
        api.publish(TOPIC, "e-2", "shop.order.placed");
        Received next = receiver.next(WebhookApi.TIMEOUT);

        assertThat(retried.header("webhook-id")).isEqualTo(first.header("webhook-id"));
        assertThat(retried.text()).isEqualTo(first.text());
        assertThat(retried.verifiesWith(secret)).isTrue();
        assertThat(next.text()).contains("\"e-2\"");
        assertThat(next.verifiesWith(secret)).isTrue();
        JsonNode attempts = api.awaitAttempts(id, 3);
        assertThat(attempts)
            .extracting(a -> a.get("eventId").asText() + "#" + a.get("attempt"))
            .containsExactly("e-2#1", "e-1#2", "e-1#1");
        assertThat(attempts.get(1).get("outcome").asText()).isEqualTo("delivered");
        assertThat(api.get(id).get("enabled").asBoolean()).isTrue();
      }
    }
  }

  @Test
  void eventsPublishedWhileNoGatewayRuns_areDeliveredOnceOneStarts() throws Exception {
    try (WebhookReceiver receiver = new WebhookReceiver()) {
      try (Transport transport = Transports.open("log:" + dir)) {
        try (Gateway gateway = start(transport, Clock.systemUTC())) {
          new WebhookApi(new Http(gateway.uri()), transport).create(receiver.url(), TOPIC);
        }
        // the webhook follows from its registration on, not from when a reader first joins
        WebhookApi.publish(transport, TOPIC, "e-1", "shop.order.placed");
        try (Gateway gateway = start(transport, Clock.systemUTC())) {
          Received got = receiver.next(WebhookApi.TIMEOUT);

          assertThat(got.text()).contains("\"e-1\"");
        }
      }
    }
  }
}
