package dev.herald.bench;

import dev.herald.core.HeraldException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntConsumer;
import org.HdrHistogram.Histogram;

/**
 * Many Server-Sent Events clients of one stream, lean enough that thousands fit on one machine: a
 * plain socket each, read by a few threads through NIO selectors, each stream parsed by an {@link
 * SseStream}. Each client records, of every fan-out event in the measured window, the time from the
 * event's intended publish time to the moment its bytes were read. Thread-safe.
 */
final class SseClients implements AutoCloseable {
  /**
   * Clients whose connection is made but whose {@code :connected} has not come, at most: below the
   * gateway's accept queue (the JDK's default backlog of 50). Connections beyond it overflow the
   * queue, the kernel drops their SYNs, and clients retry after a second, then three.
   */
  private static final int CONNECTING = 32;

  private final InetSocketAddress address;
  private final byte[] request;
  private final List<Reader> readers = new ArrayList<>();
  private final List<Client> clients = new ArrayList<>();
  private final AtomicInteger connected = new AtomicInteger();
  private final AtomicInteger finished = new AtomicInteger();
  private final AtomicInteger dropped = new AtomicInteger();
  private final AtomicInteger disconnected = new AtomicInteger();
  private final LongAdder received = new LongAdder();
  private final LongAdder deliveries = new LongAdder();
  private final AtomicReference<String> failure = new AtomicReference<>();
  private volatile long first = Long.MAX_VALUE;
  private volatile long last = -1;
  private volatile boolean stopped;

  /** Clients of {@code path} on the server of {@code base}, read by {@code threads} threads. */
  SseClients(URI base, String path, int threads) throws IOException {
    this.address = new InetSocketAddress(base.getHost(), base.getPort());
    this.request =
        ("GET "
                + path
                + " HTTP/1.1\r\nHost: "
                + base.getHost()
                + ":"
                + base.getPort()
                + "\r\nAccept: text/event-stream\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII);
    for (int i = 0; i < threads; i++) {
      Reader reader = new Reader(Selector.open());
      readers.add(reader);
      reader.thread = Thread.ofPlatform().daemon().name("bench-sse-reader-" + i).start(reader);
    }
  }

  /**
   * Opens {@code count} clients, telling {@code progress} how many are open, and waits up to {@code
   * timeout} for each to be following the stream.
   *
   * @throws HeraldException if a connection fails or not all follow within {@code timeout}
   */
  void connect(int count, IntConsumer progress, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (int i = 0; i < count; i++) {
      while (clients.size() - connected.get() - finished.get() >= CONNECTING) {
        checkDeadline(deadline, count, timeout);
        Thread.sleep(1);
      }
      Client client = new Client();
      try {
        client.channel = SocketChannel.open(address);
        client.channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        ByteBuffer out = ByteBuffer.wrap(request);
        while (out.hasRemaining()) {
          client.channel.write(out);
        }
        client.channel.configureBlocking(false);
      } catch (IOException e) {
        throw new HeraldException(
            "SSE client "
                + (i + 1)
                + " of "
                + count
                + " could not connect to the gateway at "
                + address
                + ": "
                + e,
            e);
      }
      synchronized (clients) {
        clients.add(client);
      }
      readers.get(i % readers.size()).add(client);
      progress.accept(i + 1);
    }
    while (connected.get() < count) {
      checkDeadline(deadline, count, timeout);
      Thread.sleep(5);
    }
  }

  private void checkDeadline(long deadline, int count, Duration timeout) {
    String failed = failure.get();
    if (failed != null) {
      throw new HeraldException("an SSE client failed: " + failed);
    }
    if (finished.get() > 0) {
      throw new HeraldException(
          finished.get()
              + " SSE clients were closed by the gateway before they followed the stream");
    }
    if (System.nanoTime() > deadline) {
      throw new HeraldException(
          String.format(
              Locale.ROOT,
              "only %,d of %,d SSE clients followed the stream within %s",
              connected.get(),
              count,
              Lines.seconds(timeout.toMillis())));
    }
  }

  /** Counts the fan-out events {@code first} to {@code last} from now on. */
  void window(long first, long last) {
    this.last = last;
    this.first = first;
  }

  /** Clients following the stream. */
  int connected() {
    return connected.get();
  }

  /** Clients that got every event of the window, were dropped or disconnected. */
  int finished() {
    return finished.get();
  }

  /** Clients the gateway dropped with {@code herald.dropped}. */
  int dropped() {
    return dropped.get();
  }

  /** Clients whose stream ended or failed without {@code herald.dropped}. */
  int disconnected() {
    return disconnected.get();
  }

  /** Fan-out events received by all clients, warm-up included. */
  long received() {
    return received.sum();
  }

  /** Events of the window received by all clients. */
  long deliveries() {
    return deliveries.sum();
  }

  /**
   * Stops reading and returns the latencies of the window's events, in nanoseconds. Call once, at
   * the end.
   */
  Histogram stop() throws InterruptedException {
    stopped = true;
    Histogram all = new Histogram(3);
    for (Reader reader : readers) {
      reader.selector.wakeup();
      reader.thread.join();
      all.add(reader.latencies);
    }
    return all;
  }

  @Override
  public void close() {
    stopped = true;
    for (Reader reader : readers) {
      reader.selector.wakeup();
      try {
        reader.thread.join(Duration.ofSeconds(5));
        reader.selector.close();
      } catch (IOException | InterruptedException e) {
        // closing: nothing left to do with it
      }
    }
    synchronized (clients) {
      for (Client client : clients) {
        try {
          client.channel.close();
        } catch (IOException e) {
          // closing: nothing left to do with it
        }
      }
    }
  }

  private static final class Client {
    SocketChannel channel;
    final SseStream stream = new SseStream();
    long measured;
    boolean counted;
    boolean done;
  }

  private final class Reader implements Runnable {
    final Selector selector;
    final Queue<Client> pending = new ConcurrentLinkedQueue<>();
    final Histogram latencies = new Histogram(3);
    final ByteBuffer buffer = ByteBuffer.allocateDirect(64 * 1024);
    Thread thread;

    Reader(Selector selector) {
      this.selector = selector;
    }

    void add(Client client) {
      pending.add(client);
      selector.wakeup();
    }

    @Override
    public void run() {
      try {
        while (!stopped) {
          selector.select(100);
          for (Client added; (added = pending.poll()) != null; ) {
            added.channel.register(selector, SelectionKey.OP_READ, added);
          }
          for (SelectionKey key : selector.selectedKeys()) {
            read((Client) key.attachment(), key);
          }
          selector.selectedKeys().clear();
        }
      } catch (IOException | RuntimeException e) {
        failure.compareAndSet(null, "a reader thread failed: " + e);
      }
    }

    private void read(Client client, SelectionKey key) {
      try {
        buffer.clear();
        int n = client.channel.read(buffer);
        long now = System.nanoTime();
        if (n > 0) {
          buffer.flip();
          client.stream.feed(buffer, (seq, sent) -> event(client, seq, sent, now));
          if (!client.counted && client.stream.connected()) {
            client.counted = true;
            connected.incrementAndGet();
          }
        }
        if (n < 0 || client.stream.ended()) {
          end(client, key, null);
        } else if (client.stream.status() > 0 && client.stream.status() != 200) {
          end(client, key, "the gateway answered " + client.stream.status());
        }
      } catch (IOException | RuntimeException e) {
        end(client, key, e.toString());
      }
    }

    private void event(Client client, long seq, long sent, long now) {
      received.increment();
      if (seq >= first && seq <= last) {
        latencies.recordValue(Math.max(0, now - sent));
        deliveries.increment();
        client.measured++;
        if (client.measured == last - first + 1) {
          finish(client);
        }
      }
    }

    private void end(Client client, SelectionKey key, String why) {
      key.cancel();
      try {
        client.channel.close();
      } catch (IOException e) {
        // already gone
      }
      if (client.stream.dropped()) {
        dropped.incrementAndGet();
      } else {
        disconnected.incrementAndGet();
        if (why != null) {
          failure.compareAndSet(null, why);
        }
      }
      finish(client);
    }

    private void finish(Client client) {
      if (!client.done) {
        client.done = true;
        finished.incrementAndGet();
      }
    }
  }
}
