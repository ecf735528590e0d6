package dev.herald.shop.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.core.Envelope;
import dev.herald.core.EventBus;
import dev.herald.core.EventTypes;
import dev.herald.core.Transports;
import dev.herald.core.spi.Transport;
import dev.herald.shop.events.Line;
import dev.herald.shop.events.NotificationEvents.NotificationSent;
import dev.herald.shop.events.OrderEvents.OrderCancelled;
import dev.herald.shop.events.OrderEvents.OrderConfirmed;
import dev.herald.shop.events.OrderEvents.OrderPlaced;
import dev.herald.shop.events.OrderEvents.OrderShipped;
import dev.herald.shop.events.PaymentEvents.PaymentRefunded;
import dev.herald.shop.events.ShopEvents;
import dev.herald.testkit.Await;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The service on a real bus: what customers read, and that each step is told once. */
class NotificationsServiceTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final Duration EVERY = Duration.ofMillis(5);
  private static final Instant AT = Instant.parse("2026-01-01T00:00:00Z");

  @TempDir Path directory;
  private final List<AutoCloseable> open = new ArrayList<>();
  private final List<NotificationSent> facts = new CopyOnWriteArrayList<>();
  private final List<Envelope> placedEnvelopes = new CopyOnWriteArrayList<>();
  private Transport transport;
  private EventBus shop;
  private NotificationsService notifications;

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : open.reversed()) {
      c.close();
    }
  }

  /** Opens the transport, a bus for the test's events and one recording what the service says. */
  private void open(Transport opened) {
    transport = keep(opened);
    EventTypes types = ShopEvents.register(new EventTypes());
    shop = keep(EventBus.builder("test-shop").transport(transport).types(types).build());
    EventBus recorder =
        keep(EventBus.builder("test-recorder").transport(transport).types(types).build());
    recorder.on(NotificationSent.class, (sent, context) -> facts.add(sent));
    recorder.on(OrderPlaced.class, (placed, context) -> placedEnvelopes.add(context.envelope()));
    recorder.start();
    notifications =
        keep(NotificationsService.builder(transport, directory.resolve("notifications")).start());
  }

  @Test
  void eachStep_producesOneMessage_inTheLogAndAsAFact() throws Exception {
    open(Transports.memory());
    shop.publish(placed("o-1"));
    shop.publish(new OrderConfirmed("o-1"));
    shop.publish(new OrderShipped("o-1", "s-1"));
    shop.publish(placed("o-2"));
    shop.publish(new OrderCancelled("o-2", "no payment in time"));
    shop.publish(new PaymentRefunded("o-2", "p-2", 1_300));

    awaitMessages(6);

    assertThat(notifications.messages())
        .extracting(Notification::notificationId)
        .containsExactlyInAnyOrder(
            "o-1/placed",
            "o-1/confirmed",
            "o-1/shipped",
            "o-2/placed",
            "o-2/cancelled",
            "o-2/refunded");
    assertThat(notifications.messages()).allMatch(m -> m.customerId().equals("c-1"));
    assertThat(notifications.messages())
        .filteredOn(m -> m.notificationId().equals("o-2/cancelled"))
        .singleElement()
        .extracting(Notification::text)
        .isEqualTo("We are sorry: your order o-2 was cancelled (no payment in time).");
    List<String> lines = logLines();
    assertThat(lines).hasSize(6);
    assertThat(lines)
        .anyMatch(l -> l.matches("\\S+\tc-1\to-1\tplaced\tThank you!.*for 13\\.00\\."));
    Await.until("6 facts", WAIT, EVERY, () -> facts, f -> f.size() >= 6);
    assertThat(facts).extracting(NotificationSent::notificationId).doesNotHaveDuplicates();
  }

  @Test
  void aRedeliveredEvent_producesNoMessage() throws Exception {
    open(Transports.memory());
    shop.publish(placed("o-1"));
    Envelope placed =
        Await.until("o-1 placed seen", WAIT, EVERY, () -> placedEnvelopes, e -> !e.isEmpty())
            .get(0);
    awaitMessages(1);

    transport.append("shop.order", List.of(placed)).join();
    // Same key, same partition: once confirmed is told, the redelivery before it was handled.
    shop.publish(new OrderConfirmed("o-1"));
    awaitMessages(2);

    assertThat(notifications.messages())
        .extracting(Notification::step)
        .containsExactly("placed", "confirmed");
    assertThat(logLines()).hasSize(2);
  }

  @Test
  void theSameFactPublishedTwice_isToldOnce() throws Exception {
    open(Transports.memory());
    shop.publish(placed("o-1"));
    shop.publish(placed("o-1"));
    shop.publish(new OrderConfirmed("o-1"));
    awaitMessages(2);

    assertThat(notifications.messages())
        .extracting(Notification::step)
        .containsExactly("placed", "confirmed");
  }

  @Test
  void afterARestart_onALogTransport_theSameEventIsNotNotifiedAgain() throws Exception {
    Path bus = directory.resolve("bus");
    open(Transports.open("log:" + bus));
    shop.publish(placed("o-1"));
    awaitMessages(1);
    Envelope placed =
        Await.until("o-1 placed seen", WAIT, EVERY, () -> placedEnvelopes, e -> !e.isEmpty())
            .get(0);
    closeAll();
    open.clear();

    open(Transports.open("log:" + bus));
    assertThat(notifications.messages()).extracting(Notification::step).containsExactly("placed");
    transport.append("shop.order", List.of(placed)).join();
    shop.publish(new OrderConfirmed("o-1"));
    awaitMessages(2);

    assertThat(notifications.messages())
        .extracting(Notification::step)
        .containsExactly("placed", "confirmed");
    assertThat(logLines()).hasSize(2);
    assertThat(notifications.messages().get(1).customerId()).isEqualTo("c-1");
  }

  private static OrderPlaced placed(String orderId) {
    return new OrderPlaced(orderId, "c-1", List.of(new Line("TEA-GREEN", 2, 650)), 1_300, AT);
  }

  private void awaitMessages(int count) throws InterruptedException {
    Await.until(count + " messages", WAIT, EVERY, notifications::messages, m -> m.size() >= count);
  }

  private List<String> logLines() throws Exception {
    return Files.readAllLines(
        NotificationsService.logFile(directory.resolve("notifications")), StandardCharsets.UTF_8);
  }

  private <T extends AutoCloseable> T keep(T closeable) {
    open.add(closeable);
    return closeable;
  }
}
