package dev.herald.bench;

import dev.herald.core.HeraldException;
import dev.herald.kafka.EmbeddedKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;

/**
 * The one broker a bench run uses: an {@link EmbeddedKafka} in a temporary directory that is
 * deleted afterwards, or an existing broker. Creates and deletes the bench's topics.
 */
final class BenchBroker implements AutoCloseable {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final String bootstrap;
  private final String description;
  private final Optional<EmbeddedKafka> embedded;
  private final Optional<Path> directory;
  private final Admin admin;

  private BenchBroker(
      String bootstrap,
      String description,
      Optional<EmbeddedKafka> embedded,
      Optional<Path> directory) {
    this.bootstrap = bootstrap;
    this.description = description;
    this.embedded = embedded;
    this.directory = directory;
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    this.admin = Admin.create(p);
  }

  /** Uses the broker at {@code bootstrap}, or starts an embedded one. */
  static BenchBroker start(Optional<String> bootstrap) {
    if (bootstrap.isPresent()) {
      return new BenchBroker(
          bootstrap.get(), "Kafka at " + bootstrap.get(), Optional.empty(), Optional.empty());
    }
    Path directory =
        Directories.create(
            Path.of(System.getProperty("java.io.tmpdir")), "herald-bench-", "the embedded broker");
    EmbeddedKafka kafka = EmbeddedKafka.start(directory);
    return new BenchBroker(
        kafka.bootstrapServers(),
        "embedded KRaft broker at " + kafka.bootstrapServers() + " in this JVM",
        Optional.of(kafka),
        Optional.of(directory));
  }

  String bootstrap() {
    return bootstrap;
  }

  String description() {
    return description;
  }

  /**
   * Creates {@code topic} with {@code partitions} partitions, one replica each, and returns when
   * the broker describes it, so that no client sees it as unknown.
   */
  void createTopic(String topic, int partitions) throws InterruptedException {
    call(
        "create topic " + topic,
        () -> admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all());
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (true) {
      try {
        admin.describeTopics(List.of(topic)).allTopicNames().get(5, TimeUnit.SECONDS);
        return;
      } catch (ExecutionException | TimeoutException e) {
        if (System.nanoTime() > deadline) {
          throw new HeraldException(
              "topic " + topic + " was created on " + bootstrap + " but is not visible", e);
        }
        Thread.sleep(50); // metadata reaches the broker a moment after the controller
      }
    }
  }

  /**
   * Creates {@code topic} with {@code partitions} partitions, runs {@code body} and deletes the
   * topic, also when {@code body} fails; {@code run} shows the clean-up.
   */
  <T> T withTopic(String topic, int partitions, BenchRun run, BenchRun.Step<T> body)
      throws InterruptedException {
    createTopic(topic, partitions);
    try {
      return body.call();
    } finally {
      run.status("cleaning up " + topic);
      deleteTopic(topic);
    }
  }

  /** Deletes {@code topic} and its data. */
  void deleteTopic(String topic) {
    call("delete topic " + topic, () -> admin.deleteTopics(List.of(topic)).all());
  }

  private void call(String what, Supplier<KafkaFuture<Void>> action) {
    try {
      action.get().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new HeraldException(
          "cannot " + what + " on " + bootstrap + ": " + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new HeraldException(
          "Kafka at "
              + bootstrap
              + " did not "
              + what
              + " within "
              + TIMEOUT.toSeconds()
              + " s; is the broker running?",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HeraldException("interrupted while trying to " + what, e);
    }
  }

  @Override
  public void close() {
    admin.close(Duration.ofSeconds(5));
    embedded.ifPresent(EmbeddedKafka::close);
    directory.ifPresent(d -> Directories.delete(d, "the bench's broker directory"));
  }
}
