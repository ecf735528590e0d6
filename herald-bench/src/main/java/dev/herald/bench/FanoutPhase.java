package dev.herald.bench;

import dev.herald.core.CloudEventJson;
import dev.herald.core.Delivery;
import dev.herald.core.HeraldException;
import dev.herald.core.StartPosition;
import dev.herald.core.spi.RebalanceListener;
import dev.herald.core.spi.Subscription;
import dev.herald.core.spi.Transport;
import dev.herald.gateway.Gateway;
import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * One fan-out measurement of {@link GatewayBench}: a gateway on a fresh transport, {@code clients}
 * SSE clients following one topic's live stream ({@code from=latest}, the shared feed), and events
 * POSTed to the gateway at a fixed rate over a keep-alive connection, each carrying its intended
 * publish time. Latency runs from that intended time to the moment a client read the event, so a
 * publisher that falls behind adds to it (coordinated omission corrected). A subscriber of the
 * transport in the bench, on the same topic, is the baseline: what each client would see if the
 * fan-out and SSE cost nothing. Called from one thread; {@link #status()} may be called from
 * another.
 */
final class FanoutPhase {
  /** How long the clients get, after the last event was published, to receive every event. */
  static final Duration DRAIN = Duration.ofSeconds(10);

  /** Threads that read the clients' sockets. */
  static final int READERS = 2;

  private final int clients;
  private final int rate;
  private volatile String step = "starting the gateway";
  private volatile SseClients open;
  private volatile long published;

  /**
   * What the measurement counted.
   *
   * @param connected clients that followed the stream when publishing started
   * @param events events published in the counted window (the warm-up's are not counted)
   * @param deliveries events of the window that clients received
   * @param seconds the counted window, from the first event's intended publish time to the last's
   * @param dropped clients the gateway dropped for falling behind ({@code herald.dropped})
   * @param disconnected clients whose stream ended otherwise
   * @param cpuMicrosPerDelivery this process's CPU time over the window per delivery; NaN if the
   *     JVM cannot tell
   * @param latencies publish-to-client latency of each delivery, in nanoseconds
   * @param baseline publish-to-subscriber latency of each event at the transport subscriber
   */
  record Result(
      int connected,
      long events,
      long deliveries,
      double seconds,
      int dropped,
      int disconnected,
      double cpuMicrosPerDelivery,
      Histogram latencies,
      Histogram baseline) {}

  FanoutPhase(int clients, int rate) {
    this.clients = clients;
    this.rate = rate;
  }

  /** Such as {@code measuring 12,000 of 30,000 events, 5,000 clients, 0 dropped}. */
  String status() {
    SseClients sse = open;
    if (sse == null) {
      return step;
    }
    return String.format(
        Locale.ROOT,
        "%s, %,d published, %,d received, %,d dropped",
        step,
        published,
        sse.received(),
        sse.dropped() + sse.disconnected());
  }

  /**
   * Runs the measurement on {@code transport}: {@code warmup} at the rate, then {@code duration}
   * counted, then up to {@link #DRAIN} for the last events to arrive.
   *
   * @throws HeraldException if the clients cannot connect or a publish fails
   */
  Result run(Transport transport, String topic, Duration warmup, Duration duration)
      throws InterruptedException {
    int warmupEvents = OptionChecks.latencyEvents(rate, warmup);
    int events = OptionChecks.latencyEvents(rate, duration);
    try (Gateway gateway = Gateway.builder(transport).start();
        SseClients sse = new SseClients(gateway.uri(), "/topics/" + topic + "/stream", READERS);
        Baseline baseline = new Baseline(transport, topic, warmupEvents, events)) {
      open = sse;
      step = "connecting";
      sse.connect(
          clients,
          n -> step = String.format(Locale.ROOT, "connecting %,d/%,d clients", n, clients),
          Duration.ofSeconds(30).plusMillis(10L * clients));
      int connected = sse.connected();
      sse.window(warmupEvents, warmupEvents + events - 1L);
      long period = TimeUnit.SECONDS.toNanos(1) / rate;
      long cpuFrom;
      // connected only now: an idle connection would be closed by Jetty's idle timeout
      try (KeepAliveHttp http = KeepAliveHttp.connect(gateway.uri())) {
        cpuFrom = publishAll(http, topic, warmupEvents, events, period);
      }
      step = "waiting for the last events";
      long deadline = System.nanoTime() + DRAIN.toNanos();
      while (sse.finished() < connected && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      long cpuEnd = ProcessCpu.nanos();
      Histogram latencies = sse.stop();
      long deliveries = sse.deliveries();
      return new Result(
          connected,
          events,
          deliveries,
          events * (double) period / 1e9,
          sse.dropped(),
          sse.disconnected(),
          Stats.microsPerEvent(cpuFrom, cpuEnd, Math.max(1, deliveries)),
          latencies,
          baseline.latencies());
    } catch (IOException e) {
      throw new HeraldException("the fan-out measurement failed: " + e, e);
    } finally {
      open = null;
    }
  }

  /**
   * Publishes the warm-up's events and then the counted ones, one every {@code period}; the CPU
   * time when the counted ones started.
   */
  private long publishAll(
      KeepAliveHttp http, String topic, int warmupEvents, int events, long period)
      throws IOException, InterruptedException {
    long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
    long cpuFrom = -1;
    step = "warming up";
    for (long seq = 0; seq < warmupEvents + events; seq++) {
      long intended = start + seq * period;
      awaitUntil(intended);
      if (seq == warmupEvents) {
        step = "measuring";
        cpuFrom = ProcessCpu.nanos();
      }
      publish(http, topic, GatewayEvents.fanout(topic, seq, intended));
      published = seq + 1;
    }
    return cpuFrom;
  }

  private static void publish(KeepAliveHttp http, String topic, byte[] event) throws IOException {
    KeepAliveHttp.Answer answer =
        http.post("/topics/" + topic + "/events", CloudEventJson.MEDIA_TYPE, event);
    if (answer.status() != 202) {
      throw new HeraldException(
          "the gateway answered a fan-out publish with " + answer.status() + ": " + answer.text());
    }
  }

  private static void awaitUntil(long deadline) throws InterruptedException {
    for (long wait = deadline - System.nanoTime(); wait > 0; wait = deadline - System.nanoTime()) {
      LockSupport.parkNanos(wait);
      if (Thread.interrupted()) {
        throw new InterruptedException("interrupted while publishing the fan-out's events");
      }
    }
  }

  /** The baseline: one subscriber of the topic in the bench, recording the window's latencies. */
  private static final class Baseline implements AutoCloseable {
    private final Subscription subscription;
    private final Histogram latencies = new Histogram(3);
    private final Thread thread;
    private final long first;
    private final long last;
    private volatile boolean stopped;

    Baseline(Transport transport, String topic, long warmupEvents, long events) {
      this.first = warmupEvents;
      this.last = warmupEvents + events - 1;
      this.subscription =
          transport.subscribe(
              topic, "bench-baseline", StartPosition.latest(), RebalanceListener.none());
      this.thread = Thread.ofPlatform().daemon().name("bench-baseline").start(this::read);
    }

    private void read() {
      SseStream.Sink record =
          (seq, sent) -> {
            if (seq >= first && seq <= last) {
              latencies.recordValue(Math.max(0, System.nanoTime() - sent));
            }
          };
      try {
        while (!stopped) {
          for (Delivery delivery : subscription.poll(Duration.ofMillis(100))) {
            byte[] data = delivery.envelope().data();
            SseStream.fields(data, 0, data.length, record);
          }
        }
      } catch (InterruptedException e) {
        // stopped
      } catch (RuntimeException e) {
        if (!stopped) {
          throw e;
        }
      }
    }

    /** Stops it; the latencies it recorded. */
    Histogram latencies() throws InterruptedException {
      stopped = true;
      thread.join();
      return latencies;
    }

    @Override
    public void close() {
      stopped = true;
      thread.interrupt();
      try {
        var unused = thread.join(Duration.ofSeconds(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      subscription.close();
    }
  }
}
