package dev.herald.gateway;

import static dev.herald.gateway.PublishTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.core.Delivery;
import dev.herald.core.StartPosition;
import dev.herald.core.Transports;
import dev.herald.core.spi.RebalanceListener;
import dev.herald.core.spi.Subscription;
import dev.herald.core.spi.Transport;
import dev.herald.testkit.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AdminGroupsTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private Transport transport;
  private Gateway gateway;
  private Http http;

  @BeforeEach
  void start() {
    transport = Transports.memory(3);
    gateway = Gateway.builder(transport).eventIndex(1_000, 1 << 20, Duration.ofMillis(20)).start();
    http = new Http(gateway.uri());
  }

  @AfterEach
  void stop() {
    gateway.close();
    transport.close();
  }

  @Test
  void group_thatConsumedPartOfATopic_showsItsLagPerPartitionAndInAll() throws Exception {
    for (int i = 0; i < 6; i++) {
      http.post(
          "/topics/shop.order/events",
          "application/cloudevents+json",
          AdminTopicsTest.event("e-" + i, "o-" + i));
    }
    Map<Integer, Long> ends = transport.endOffsets("shop.order").orElseThrow();
    Map<Integer, Long> committed = new HashMap<>();
    try (Subscription warehouse =
        transport.subscribe(
            "shop.order", "warehouse", StartPosition.earliest(), RebalanceListener.none())) {
      List<Delivery> read = new ArrayList<>();
      Await.until(
          "the warehouse reading all 6 events",
          WAIT,
          Duration.ofMillis(1),
          () -> {
            try {
              read.addAll(warehouse.poll(Duration.ofMillis(50)));
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            return read.size();
          },
          size -> size == 6);
      // It handled the first event of each partition, and no more.
      ends.forEach((partition, end) -> committed.put(partition, Math.min(end, 1L)));
      warehouse.commit(committed);
    }
    long expectedLag = 6 - committed.values().stream().mapToLong(Long::longValue).sum();

    Http.Answer list = http.get("/admin/groups");
    Http.Answer one = http.get("/admin/groups/warehouse");

    assertThat(list.status()).as(list.body()).isEqualTo(200);
    assertThat(list.json()).as("the index's own readers commit nothing").hasSize(1);
    JsonNode entry = list.json().get(0);
    assertThat(entry.get("group").asText()).isEqualTo("warehouse");
    assertThat(entry.get("topic").asText()).isEqualTo("shop.order");
    assertThat(entry.get("lag").asLong()).isEqualTo(expectedLag).isPositive();
    assertThat(entry.get("partitions")).hasSize(3);
    for (JsonNode partition : entry.get("partitions")) {
      int p = partition.get("partition").asInt();
      assertThat(partition.get("committed").asLong()).isEqualTo(committed.get(p));
      assertThat(partition.get("end").asLong()).isEqualTo(ends.get(p));
      assertThat(partition.get("lag").asLong()).isEqualTo(ends.get(p) - committed.get(p));
    }
    assertThat(one.status()).as(one.body()).isEqualTo(200);
    assertThat(one.json().get("lag").asLong()).isEqualTo(expectedLag);
    assertThat(one.json().get("topics").get(0).get("partitions"))
        .isEqualTo(entry.get("partitions"));
  }

  @Test
  void group_partitionsNeverCommitted_haveNoCommittedOffsetOrLag() throws Exception {
    http.post(
        "/topics/shop.order/events",
        "application/cloudevents+json",
        AdminTopicsTest.event("e", "k"));
    try (Subscription billing =
        transport.subscribe(
            "shop.order", "billing", StartPosition.earliest(), RebalanceListener.none())) {
      billing.commit(Map.of(0, 0L));
    }

    JsonNode partitions =
        http.get("/admin/groups/billing").json().get("topics").get(0).get("partitions");

    assertThat(partitions.get(0).has("lag")).isTrue();
    assertThat(partitions.get(1).has("committed")).isFalse();
    assertThat(partitions.get(1).has("lag")).isFalse();
    assertThat(partitions.get(1).has("end")).isTrue();
  }

  @Test
  void group_unknownOrMalformed_isAProblem() throws Exception {
    assertProblem(http.get("/admin/groups/nobody"), 404, "nobody", "committed no offsets");
    assertProblem(http.get("/admin/groups/bad%20group"), 400, "consumer group name");
    assertProblem(http.get("/admin/groups/" + "g".repeat(195)), 400, "too long");
  }
}
