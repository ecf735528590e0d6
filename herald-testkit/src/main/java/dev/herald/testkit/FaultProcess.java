package dev.herald.testkit;

import dev.herald.core.Delivery;
import dev.herald.core.Envelope;
import dev.herald.core.EventBus;
import dev.herald.core.Handler;
import dev.herald.core.Position;
import dev.herald.core.StartPosition;
import dev.herald.core.spi.ForwardingSubscription;
import dev.herald.core.spi.ForwardingTransport;
import dev.herald.core.spi.RebalanceListener;
import dev.herald.core.spi.Subscription;
import dev.herald.core.spi.Transport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * One "process" of a {@link HandlerFaults} run: a real {@link EventBus} with the user's handlers,
 * on a view of the run's memory transport that injects the plan's faults. The view's subscription
 * goes back where the plan says ({@link Fault#REDELIVERIES}); a middleware, outermost, pauses
 * before each call ({@link Fault#DELAYS}), counts successful calls, and kills the process right
 * after the call the plan crashes at ({@link Fault#CRASH_AFTER_EFFECT}): from then on it runs no
 * handler. A process the plan crashes drops every commit of its own and, once closed after the
 * crash, leaves the plan's last commit behind, so that the next process handles everything since
 * then again. Dead letters written through the view settle their event. Only the run's topic and
 * the bus's own group are touched; anything else passes through.
 */
final class FaultProcess implements AutoCloseable {
  private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(2);

  /** What every process of a run shares. */
  record Run(
      HandlerFaults.Setup setup,
      FaultPlan plan,
      FaultProgress progress,
      Transport memory,
      Set<Long> firedRewinds,
      Function<String, String> labelOfId) {}

  private final Run run;
  private final Optional<FaultPlan.Crash> crash;
  private final String group;
  private final EventBus bus;
  private volatile boolean dead;

  /** Builds the bus and registers the handlers; {@code crash} is where this process dies. */
  FaultProcess(Run run, Optional<FaultPlan.Crash> crash) {
    this.run = run;
    this.crash = crash;
    HandlerFaults.Setup setup = run.setup();
    this.group = setup.service();
    EventBus.Builder builder =
        EventBus.builder(setup.service())
            .transport(new View(run.memory()))
            .types(setup.types())
            .codec(setup.codec())
            .startFrom(StartPosition.earliest())
            .shutdownTimeout(SHUTDOWN_TIMEOUT)
            .use(this::inject);
    setup.middleware().forEach(builder::use);
    this.bus = builder.build();
    try {
      setup.registration().accept(new RegisteringBus(bus));
    } catch (RuntimeException e) {
      bus.close();
      throw e;
    }
  }

  void start() {
    bus.start();
  }

  @Override
  public void close() {
    bus.close();
  }

  private Handler inject(Handler next) {
    return (delivery, context) -> {
      if (!delivery.topic().equals(run.setup().topic())) {
        next.handle(delivery, context);
        return;
      }
      if (dead) {
        return; // a dead process runs nothing; its commits are dropped
      }
      Duration pause = run.plan().delays.get(delivery.envelope().id());
      if (pause != null && !pause.isZero()) {
        Thread.sleep(pause);
      }
      try {
        next.handle(delivery, context);
      } catch (Throwable e) {
        run.progress().failed(run.labelOfId().apply(delivery.envelope().id()), e);
        throw e;
      }
      run.progress().handled(delivery.position());
      if (crash.isPresent() && delivery.offset() == crash.get().after()) {
        dead = true;
        run.progress().crashed();
      }
    };
  }

  /** The run's memory transport as this process sees it. */
  private final class View extends ForwardingTransport {
    View(Transport memory) {
      super(memory);
    }

    @Override
    public CompletableFuture<List<Position>> append(String topic, List<Envelope> envelopes) {
      // Dead letters are stored in "<group>.dlq", each naming where its event was read.
      if (topic.equals(group + ".dlq")) {
        for (Envelope letter : envelopes) {
          Map<String, String> x = letter.extensions();
          if (run.setup().topic().equals(x.get("dlqtopic"))) {
            Position read =
                new Position(
                    x.get("dlqtopic"),
                    Integer.parseInt(x.get("dlqpartition")),
                    Long.parseLong(x.getOrDefault("dlqdelivery", x.get("dlqoffset"))));
            run.progress()
                .deadLettered(
                    read, run.labelOfId().apply(letter.id()), x.getOrDefault("dlqerror", "?"));
          }
        }
      }
      return delegate.append(topic, envelopes);
    }

    @Override
    public Subscription subscribe(
        String topic, String group, StartPosition start, RebalanceListener listener) {
      Subscription subscription = delegate.subscribe(topic, group, start, listener);
      return topic.equals(run.setup().topic()) && group.equals(FaultProcess.this.group)
          ? new Faulty(subscription)
          : subscription;
    }
  }

  /** The bus's subscription to the run's topic, on one partition unless the plan says DELAYS. */
  private final class Faulty extends ForwardingSubscription {
    Faulty(Subscription delegate) {
      super(delegate);
    }

    @Override
    public List<Delivery> poll(Duration timeout) throws InterruptedException {
      List<Delivery> batch = delegate.poll(timeout);
      if (run.plan().rewinds.isEmpty()) {
        return batch;
      }
      List<Delivery> kept = new ArrayList<>(batch.size());
      for (Delivery delivery : batch) {
        kept.add(delivery);
        Long back = run.plan().rewinds.get(delivery.offset());
        if (back != null && run.firedRewinds().add(delivery.offset())) {
          // What this poll fetched after the rewind point comes again from the seek.
          delegate.seek(delivery.partition(), back);
          return kept;
        }
      }
      return kept;
    }

    @Override
    public void commit(Map<Integer, Long> nextOffsets) {
      if (crash.isEmpty()) {
        delegate.commit(nextOffsets);
      }
    }

    @Override
    public void close() {
      if (dead) {
        delegate.commit(Map.of(0, crash.orElseThrow().committed()));
      }
      delegate.close();
    }
  }
}
