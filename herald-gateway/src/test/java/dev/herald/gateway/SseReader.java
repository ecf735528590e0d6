package dev.herald.gateway;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** A Server-Sent Events client for the tests: parses the stream into events on a thread. */
final class SseReader implements AutoCloseable {
  /** One event, or a comment (with {@code event} "comment"). */
  record Event(String event, String id, String data) {}

  private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
  private final CompletableFuture<HttpResponse<Stream<String>>> response;
  private volatile Stream<String> lines;
  private final Thread reader;
  private int taken;

  SseReader(HttpClient client, HttpRequest.Builder request) {
    this.response =
        client.sendAsync(
            request.header("Accept", "text/event-stream").GET().build(),
            HttpResponse.BodyHandlers.ofLines());
    this.reader = Thread.ofVirtual().start(this::read);
  }

  /** The response's status, once it came. */
  int status() throws Exception {
    return response.get(10, TimeUnit.SECONDS).statusCode();
  }

  private void read() {
    try {
      HttpResponse<Stream<String>> answer = response.get(20, TimeUnit.SECONDS);
      lines = answer.body();
      String event = "message";
      String id = null;
      StringBuilder data = new StringBuilder();
      for (String line : (Iterable<String>) lines::iterator) {
        if (line.isEmpty()) {
          if (!data.isEmpty()) {
            events.add(new Event(event, id, data.toString()));
          }
          event = "message";
          id = null;
          data.setLength(0);
        } else if (line.startsWith(":")) {
          events.add(new Event("comment", null, line.substring(1).trim()));
        } else if (line.startsWith("event:")) {
          event = line.substring(6).trim();
        } else if (line.startsWith("id:")) {
          id = line.substring(3).trim();
        } else if (line.startsWith("data:")) {
          data.append(data.isEmpty() ? "" : "\n").append(line.substring(5).trim());
        }
      }
      events.add(new Event("end", null, ""));
    } catch (Exception e) {
      events.add(new Event("end", null, e.toString()));
    }
  }

  /** The next event that is not a comment, waiting up to {@code timeout}. */
  Event next(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Event event = events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (event == null) {
        throw new AssertionError("no event within " + timeout + " after " + taken + " events");
      }
      if (!event.event().equals("comment")) {
        taken++;
        return event;
      }
    }
  }

  /** The next event or comment, waiting up to {@code timeout}. */
  Event nextIncludingComments(Duration timeout) throws InterruptedException {
    Event event = events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (event == null) {
      throw new AssertionError("nothing within " + timeout);
    }
    return event;
  }

  /** The next {@code count} events that are not comments. */
  List<Event> next(int count, Duration timeout) throws InterruptedException {
    List<Event> got = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      got.add(next(timeout));
    }
    return got;
  }

  /** Whatever non-comment events arrive within {@code quiet}. */
  List<Event> drain(Duration quiet) throws InterruptedException {
    List<Event> got = new ArrayList<>();
    Event event;
    while ((event = events.poll(quiet.toMillis(), TimeUnit.MILLISECONDS)) != null) {
      if (!event.event().equals("comment")) {
        got.add(event);
      }
    }
    return got;
  }

  @Override
  public void close() throws IOException {
    var unused = response.thenAccept(answer -> answer.body().close());
    Stream<String> open = lines;
    if (open != null) {
      open.close();
    }
    reader.interrupt();
  }
}
