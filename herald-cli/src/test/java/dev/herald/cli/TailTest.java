package dev.herald.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.core.Delivery;
import dev.herald.core.Envelope;
import dev.herald.core.StartPosition;
import dev.herald.core.Transports;
import dev.herald.core.spi.RebalanceListener;
import dev.herald.core.spi.Subscription;
import dev.herald.core.spi.Transport;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TailTest {
  private final Transport transport = Transports.memory(1);

  @AfterEach
  void closeTransport() {
    transport.close();
  }

  private Subscription subscribe(String group) {
    return transport.subscribe("t", group, StartPosition.earliest(), RebalanceListener.none());
  }

  private static CompletableFuture<Long> runAsync(Tail tail, Subscription subscription) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return tail.run(subscription);
          } catch (InterruptedException e) {
            throw new IllegalStateException(e);
          }
        });
  }

  @Test
  void stop_endsATailThatIsWaitingForEvents() throws Exception {
    try (Subscription subscription = subscribe("g")) {
      Tail tail =
          new Tail(new PrintWriter(new StringWriter()), false, Optional.empty(), Optional.empty());
      CompletableFuture<Long> running = runAsync(tail, subscription);

      tail.stop();

      assertThat(running.get(5, TimeUnit.SECONDS)).isZero();
    }
  }

  @Test
  void run_outputClosed_stopsWithoutCommitting() throws Exception {
    Envelope event = Envelope.builder().id("e1").source("test").type("t.happened").build();
    transport.append("t", List.of(event)).get(10, TimeUnit.SECONDS);
    Writer closedPipe =
        new Writer() {
          @Override
          public void write(char[] buffer, int offset, int length) throws IOException {
            throw new IOException("Broken pipe");
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    try (Subscription subscription = subscribe("g")) {
      Tail tail = new Tail(new PrintWriter(closedPipe), true, Optional.empty(), Optional.empty());

      assertThat(runAsync(tail, subscription).get(5, TimeUnit.SECONDS)).isEqualTo(1);
    }

    try (Subscription again = subscribe("g")) {
      List<Delivery> redelivered = again.poll(Duration.ofSeconds(5));
      assertThat(redelivered).extracting(d -> d.envelope().id()).containsExactly("e1");
    }
  }
}
