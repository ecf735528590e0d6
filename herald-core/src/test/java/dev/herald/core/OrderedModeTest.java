package dev.herald.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Ordered mode: a dead key's later events wait behind it, and come back in order. */
class OrderedModeTest {
  @EventType(name = "test.account.credited", key = "account")
  record Credited(String account, int seq) {}

  static final String TOPIC = "test.account";

  private final ObservedTransport transport = new ObservedTransport();
  private final List<EventBus> buses = new ArrayList<>();
  private final Set<String> broken = ConcurrentHashMap.newKeySet();
  private final BlockingQueue<String> handled = new LinkedBlockingQueue<>();
  private final String a = transport.keyOn(TOPIC, 0);
  private final String b = transport.keyOn(TOPIC, 0, a);

  @AfterEach
  void close() {
    buses.forEach(EventBus::close);
    transport.close();
  }

  private EventBus ledger() {
    EventBus bus = EventBus.builder("ledger").transport(transport).build();
    buses.add(bus);
    bus.on(
        Credited.class,
        (event, context) -> {
          if (broken.contains(event.account() + "#" + event.seq())) {
            throw new IllegalStateException("cannot book " + event);
          }
          handled.add(event.account() + "#" + event.seq());
        },
        HandlerOptions.builder().retry(RetryPolicy.none()).ordered().build());
    bus.start();
    return bus;
  }

  private EventBus bank() {
    EventBus bus = EventBus.builder("bank").transport(transport).build();
    buses.add(bus);
    return bus;
  }

  private List<String> take(int count) throws InterruptedException {
    List<String> taken = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      taken.add(ObservedTransport.take(handled, "handled event " + (i + 1) + " of " + count));
    }
    return taken;
  }

  @Test
  void deadKey_parksItsLaterEvents_andReplayOfTheHeadBringsThemBackInOrder() throws Exception {
    EventBus ledger = ledger();
    EventBus bank = bank();
    broken.add(a + "#1");
    bank.publish(new Credited(a, 1));
    bank.publish(new Credited(b, 1));
    bank.publish(new Credited(a, 2));
    bank.publish(new Credited(a, 3));
    bank.publish(new Credited(b, 2));

    Envelope head = transport.nextDeadLetter();
    transport.nextDeadLetter();
    transport.nextDeadLetter();
    assertThat(take(2))
        .as("another key of the same partition flows")
        .containsExactly(b + "#1", b + "#2");
    String headId = head.extension("dlqid").orElseThrow();
    List<DeadLetter> parked = ledger.deadLetters().list(DeadLetterFilter.all());
    assertThat(parked)
        .extracting(DeadLetter::reason)
        .containsExactly(
            DeadLetterReason.RETRIES_EXHAUSTED, DeadLetterReason.PARKED, DeadLetterReason.PARKED);
    assertThat(parked).allSatisfy(l -> assertThat(l.sequence()).contains(headId));
    assertThat(parked.get(0).isHead()).isTrue();
    assertThat(parked.get(1).error()).contains("parked behind dead letter " + headId);
    assertThat(parked.get(1).attempts()).isZero();

    broken.clear();
    DeadLetters.Outcome outcome = ledger.deadLetters().replay(headId);
    assertThat(outcome.count()).isEqualTo(3);
    bank.publish(new Credited(a, 4));
    assertThat(take(4)).containsExactly(a + "#1", a + "#2", a + "#3", a + "#4");
    assertThat(ledger.deadLetters().list(DeadLetterFilter.all())).isEmpty();
  }

  @Test
  void purge_releasesTheKey() throws Exception {
    EventBus ledger = ledger();
    EventBus bank = bank();
    broken.add(a + "#1");
    bank.publish(new Credited(a, 1));
    bank.publish(new Credited(a, 2));
    transport.nextDeadLetter();
    Envelope parked = transport.nextDeadLetter();

    DeadLetters.Outcome purged = ledger.deadLetters().purge(parked.id());
    assertThat(purged.count()).as("the whole sequence").isEqualTo(2);
    assertThat(purged.message()).contains("released 1 parked keys");
    bank.publish(new Credited(a, 3));
    assertThat(take(1)).containsExactly(a + "#3");
    assertThat(transport.deadLettered).isEmpty();
  }

  @Test
  void parkedKeys_areRebuiltFromTheDeadLettersWhenTheGroupRestarts() throws Exception {
    EventBus first = ledger();
    EventBus bank = bank();
    broken.add(a + "#1");
    bank.publish(new Credited(a, 1));
    bank.publish(new Credited(a, 2));
    Envelope head = transport.nextDeadLetter();
    transport.nextDeadLetter();
    first.close();

    EventBus second = ledger();
    bank.publish(new Credited(a, 3));
    bank.publish(new Credited(b, 1));
    Envelope parkedAfterRestart = transport.nextDeadLetter();
    assertThat(parkedAfterRestart.extension("dlqreason")).contains("parked");
    assertThat(parkedAfterRestart.extension("dlqhead")).isEqualTo(head.extension("dlqid"));
    assertThat(take(1)).containsExactly(b + "#1");

    broken.clear();
    assertThat(second.deadLetters().replay(head.id()).count()).isEqualTo(3);
    assertThat(take(3)).containsExactly(a + "#1", a + "#2", a + "#3");
  }

  @Test
  void replayedHeadThatFailsAgain_keepsTheRestOfItsSequenceParked() throws Exception {
    EventBus ledger = ledger();
    EventBus bank = bank();
    broken.add(a + "#1");
    bank.publish(new Credited(a, 1));
    bank.publish(new Credited(a, 2));
    Envelope head = transport.nextDeadLetter();
    transport.nextDeadLetter();
    String headId = head.extension("dlqid").orElseThrow();

    ledger.deadLetters().replay(headId);
    Envelope headAgain = transport.nextDeadLetter();
    Envelope parkedAgain = transport.nextDeadLetter();
    assertThat(headAgain.extension("dlqreason")).contains("retries-exhausted");
    assertThat(parkedAgain.extension("dlqreason")).contains("parked");
    assertThat(handled.poll(50, TimeUnit.MILLISECONDS)).isNull();
    List<DeadLetter> pending = ledger.deadLetters().list(DeadLetterFilter.all());
    assertThat(pending)
        .extracting(l -> l.envelope().id())
        .containsExactly(headAgain.id(), parkedAgain.id());
    assertThat(pending).allSatisfy(l -> assertThat(l.sequence()).contains(headId));

    broken.clear();
    assertThat(ledger.deadLetters().replay(parkedAgain.id()).count()).isEqualTo(2);
    assertThat(take(2)).containsExactly(a + "#1", a + "#2");
    bank.publish(new Credited(a, 3));
    assertThat(take(1)).containsExactly(a + "#3");
  }
}
