package dev.herald.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.core.Transports;
import dev.herald.core.spi.Transport;
import dev.herald.testkit.Await;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SseTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final ObjectMapper JSON = new ObjectMapper();

  private Transport transport;
  private Gateway gateway;
  private Http http;
  private final List<AutoCloseable> readers = new ArrayList<>();

  @BeforeEach
  void start() {
    transport = Transports.memory(3);
    gateway = Gateway.builder(transport).heartbeat(Duration.ofMillis(100)).clientBuffer(20).start();
    http = new Http(gateway.uri());
  }

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable reader : readers) {
      reader.close();
    }
    gateway.close();
    transport.close();
  }

  private SseReader follow(String query) throws Exception {
    SseReader reader =
        new SseReader(http.client(), http.request("/topics/shop.order/stream" + query));
    readers.add(reader);
    assertThat(reader.status()).isEqualTo(200);
    return reader;
  }

  private SseReader resume(String lastEventId) throws Exception {
    SseReader reader =
        new SseReader(
            http.client(),
            http.request("/topics/shop.order/stream").header("Last-Event-ID", lastEventId));
    readers.add(reader);
    assertThat(reader.status()).isEqualTo(200);
    return reader;
  }

  private void publish(int from, int to) throws Exception {
    for (int i = from; i < to; i++) {
      Http.Answer answer =
          http.post(
              "/topics/shop.order/events",
              "application/cloudevents+json",
              "{\"specversion\":\"1.0\",\"id\":\"e-"
                  + i
                  + "\",\"source\":\"/t\",\"type\":\"shop.order.placed\",\"partitionkey\":\"k-"
                  + i
                  + "\",\"data\":{\"n\":"
                  + i
                  + "}}");
      assertThat(answer.status()).as(answer.body()).isEqualTo(202);
    }
  }

  private void awaitClients(int count) throws Exception {
    Await.until(
        count + " stream clients",
        WAIT,
        Duration.ofMillis(20),
        http::metrics,
        metrics -> metrics.contains("herald_gateway_stream_clients " + count + ".0"));
  }

  private static String id(SseReader.Event event) throws Exception {
    return JSON.readTree(event.data()).get("id").asText();
  }

  private static List<String> ids(List<SseReader.Event> events) throws Exception {
    List<String> ids = new ArrayList<>();
    for (SseReader.Event event : events) {
      ids.add(id(event));
    }
    return ids;
  }

  @Test
  void live_getsEachEventPublishedAfterItJoined_asACloudEventWithItsPosition() throws Exception {
    publish(0, 2); // before: not sent to a live client
    SseReader reader = follow(""); // answered: from here on every event reaches it
    publish(2, 5);

    List<SseReader.Event> events = reader.next(3, WAIT);

    assertThat(ids(events)).containsExactlyInAnyOrder("e-2", "e-3", "e-4");
    JsonNode event = JSON.readTree(events.get(0).data());
    assertThat(event.get("type").asText()).isEqualTo("shop.order.placed");
    assertThat(event.get("heraldtopic").asText()).isEqualTo("shop.order");
    assertThat(events.get(0).id()).matches("0:\\d+,1:\\d+,2:\\d+");
  }

  @Test
  void resumingWithLastEventId_continuesRightAfterIt_withoutGapsOrRepeats() throws Exception {
    publish(0, 10);
    SseReader first = follow("?from=earliest");
    List<SseReader.Event> firstFour = first.next(4, WAIT);
    first.close();
    publish(10, 15);

    SseReader again = resume(firstFour.get(3).id());
    List<SseReader.Event> rest = again.next(11, WAIT);

    Set<String> all = new HashSet<>(ids(firstFour));
    all.addAll(ids(rest));
    assertThat(all).hasSize(15);
    assertThat(ids(rest)).doesNotContainAnyElementsOf(ids(firstFour));
  }

  @Test
  void membersOfAGroup_shareTheEvents_andTheGroupResumesAfterWhatWasSent() throws Exception {
    SseReader a = follow("?group=billing&from=earliest");
    SseReader b = follow("?group=billing&from=earliest");
    publish(0, 30);

    Set<String> seen = new HashSet<>();
    List<String> got = new ArrayList<>();
    Await.until(
        "30 events between the two members",
        WAIT,
        Duration.ofMillis(10),
        () -> {
          collect(a, got);
          collect(b, got);
          seen.addAll(got);
          return seen.size();
        },
        n -> n >= 30);
    assertThat(got).as("each event to one member").hasSize(30).doesNotHaveDuplicates();
    a.close();
    b.close();
    awaitClients(0);

    publish(30, 31);
    SseReader later = follow("?group=billing&from=earliest");
    assertThat(id(later.next(WAIT))).as("the group resumes after what it sent").isEqualTo("e-30");
  }

  private static void collect(SseReader reader, List<String> into) {
    try {
      SseReader.Event event;
      while ((event = pollQuick(reader)) != null) {
        into.add(id(event));
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static SseReader.Event pollQuick(SseReader reader) throws InterruptedException {
    try {
      return reader.next(Duration.ofMillis(5));
    } catch (AssertionError none) {
      return null;
    }
  }

  @Test
  void anIdleStream_getsHeartbeats() throws Exception {
    SseReader reader = follow("");

    assertThat(reader.nextIncludingComments(WAIT).data()).isEqualTo("connected");
    assertThat(reader.nextIncludingComments(WAIT).data()).isEqualTo("heartbeat");
  }

  @Test
  void aClientThatDoesNotRead_isDropped_andTheOthersGetEverything() throws Exception {
    SseReader fast = follow("");
    try (Socket slow = new Socket()) {
      slow.setReceiveBufferSize(1024);
      slow.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), gateway.port()));
      OutputStream out = slow.getOutputStream();
      out.write(
          String.join(
                  "\r\n",
                  "GET /topics/shop.order/stream HTTP/1.1",
                  "Host: 127.0.0.1",
                  "Accept: text/event-stream",
                  "",
                  "")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      awaitClients(2);

      // the fast client reads each batch before the next is published; the slow one reads
      // nothing, so once the socket buffers between them are full its events pile up and it is
      // dropped; however large those buffers are, the loop is bounded
      int published = 0;
      while (!http.metrics().contains("herald_gateway_stream_dropped_total 1.0")) {
        assertThat(published)
            .as("events published before the slow client was dropped")
            .isLessThan(5_000);
        publishLarge(published, 10);
        assertThat(fast.next(10, WAIT)).as("batch at " + published).hasSize(10);
        published += 10;
      }
      publishLarge(published, 10);
      assertThat(fast.next(10, WAIT)).as("the fast client goes on after the drop").hasSize(10);
      String received = readAll(slow.getInputStream());
      assertThat(received).contains("event: herald.dropped", "fell 20 events behind");
    }
  }

  private void publishLarge(int from, int count) throws Exception {
    StringBuilder batch = new StringBuilder("[");
    for (int i = from; i < from + count; i++) {
      batch
          .append(i == from ? "" : ",")
          .append("{\"specversion\":\"1.0\",\"id\":\"big-")
          .append(i)
          .append("\",\"source\":\"/t\",\"type\":\"shop.order.placed\",\"data\":{\"pad\":\"")
          .append("x".repeat(60_000))
          .append("\"}}");
    }
    Http.Answer answer =
        http.post(
            "/topics/shop.order/events",
            "application/cloudevents-batch+json",
            batch.append("]").toString());
    assertThat(answer.status()).as(answer.body()).isEqualTo(202);
  }

  private static String readAll(InputStream in) throws Exception {
    byte[] all = in.readAllBytes();
    return new String(all, StandardCharsets.UTF_8);
  }

  @Test
  void close_withStreamsOpen_endsEveryStreamBeforeItReturns() throws Exception {
    PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    // heartbeats far apart: nothing but close itself wakes the streams' writers
    Gateway closing =
        Gateway.builder(transport).heartbeat(Duration.ofSeconds(60)).meterRegistry(meters).start();
    Http client = new Http(closing.uri());
    List<SseReader> open = new ArrayList<>();
    for (String query : List.of("", "", "?from=earliest", "?group=billing")) {
      SseReader reader =
          new SseReader(client.client(), client.request("/topics/shop.order/stream" + query));
      readers.add(reader);
      assertThat(reader.status()).isEqualTo(200);
      open.add(reader);
    }
    Gauge clients = meters.get("herald.gateway.stream.clients").gauge();
    Await.until("4 streams", WAIT, Duration.ofMillis(20), clients::value, n -> n == 4);

    closing.close();

    assertThat(clients.value()).as("streams still open once close returned").isZero();
    for (SseReader reader : open) {
      SseReader.Event event;
      do {
        event = reader.nextIncludingComments(WAIT);
      } while (!event.event().equals("end"));
    }
  }

  @Test
  void badPositionsAndGroups_areProblems() throws Exception {
    PublishTest.assertProblem(
        http.get("/topics/shop.order/stream?from=soon"), 400, "position 'soon'");
    PublishTest.assertProblem(
        http.get("/topics/shop.order/stream?group=bad%20group"), 400, "consumer group name");
  }
}
