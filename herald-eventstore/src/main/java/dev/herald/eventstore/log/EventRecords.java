package dev.herald.eventstore.log;

import dev.herald.core.Delivery;
import dev.herald.core.Envelope;
import dev.herald.core.HeraldException;
import dev.herald.eventstore.NewEvent;
import dev.herald.eventstore.RecordedEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How an event of the store is one envelope of the log: id, type, data and time (when it was
 * recorded) as they are, and these extensions:
 *
 * <pre>
 * partitionkey  herald.eventstore   the same for every event: one partition, one total order
 * esstream      the stream
 * esversion     the event's version in the stream
 * esfirst       the version of the first event of its append
 * escount       the number of events of its append
 * mdNAME        metadata NAME (so that metadata never collides with the names above)
 * </pre>
 *
 * An append's events are consecutive records with versions {@code esfirst} to {@code esfirst +
 * escount - 1}; fewer than that, at the log's tail, is an append a crash cut short.
 */
final class EventRecords {
  static final String TOPIC = "herald.eventstore";
  static final String PARTITION_KEY = "herald.eventstore";
  static final String SOURCE = "herald.eventstore";
  static final String STREAM = "esstream";
  static final String VERSION = "esversion";
  static final String FIRST = "esfirst";
  static final String COUNT = "escount";
  static final String METADATA = "md";

  /** Extensions an envelope may carry (64) less the five of the store. */
  static final int MAX_METADATA = 59;

  static final int MAX_METADATA_NAME = 20 - METADATA.length();
  static final int MAX_METADATA_VALUE = 4096;

  /**
   * What the index needs of a record.
   *
   * @param stream its stream
   * @param version its version
   * @param first the first version of its append
   * @param count the events of its append
   * @param id the event id
   */
  record Header(String stream, long version, long first, int count, String id) {
    /** Its place in its append, from 0. */
    long indexInAppend() {
      return version - first;
    }
  }

  private EventRecords() {}

  /**
   * Checks what the log cannot carry, before anything is stored: metadata names and values, and
   * control characters in ids and types.
   *
   * @throws HeraldException naming the event and what to change
   */
  static void check(String stream, List<NewEvent> events) {
    for (NewEvent event : events) {
      checkText(stream, event, "id", event.id());
      checkText(stream, event, "type", event.type());
      if (event.metadata().size() > MAX_METADATA) {
        throw refused(
            stream,
            event,
            "has "
                + event.metadata().size()
                + " metadata entries, more than the "
                + MAX_METADATA
                + " the log's envelope carries besides the store's own",
            "; put the rest in the data");
      }
      event.metadata().forEach((name, value) -> checkMetadata(stream, event, name, value));
    }
  }

  private static void checkText(String stream, NewEvent event, String field, String text) {
    for (int i = 0; i < text.length(); i++) {
      if (Character.isISOControl(text.charAt(i))) {
        throw refused(
            stream, event, "has a control character in its " + field + " at index " + i, "");
      }
    }
  }

  private static void checkMetadata(String stream, NewEvent event, String name, String value) {
    boolean valid = !name.isEmpty() && name.length() <= MAX_METADATA_NAME;
    for (int i = 0; valid && i < name.length(); i++) {
      char c = name.charAt(i);
      valid = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    }
    if (!valid) {
      throw refused(
          stream,
          event,
          "has metadata named '"
              + name.replaceAll("\\p{Cntrl}", "?")
              + "', which the log cannot carry: metadata names are 1 to "
              + MAX_METADATA_NAME
              + " lower-case letters or digits (a-z, 0-9)",
          "; rename it, such as correlationid for correlation-id");
    }
    if (value.length() > MAX_METADATA_VALUE) {
      throw refused(
          stream,
          event,
          "has metadata "
              + name
              + " of "
              + value.length()
              + " characters, more than the "
              + MAX_METADATA_VALUE
              + " the log carries",
          "; put large values in the data");
    }
  }

  private static HeraldException refused(
      String stream, NewEvent event, String problem, String fix) {
    return new HeraldException(
        "event "
            + event.id().replaceAll("\\p{Cntrl}", "?")
            + " of an append to "
            + stream
            + " "
            + problem
            + fix
            + "; nothing of the append was stored");
  }

  /**
   * The envelopes of an append of {@code events} to {@code stream} from version {@code first}.
   *
   * @throws HeraldException if an event breaks a rule of the envelope that {@link #check} missed
   */
  static List<Envelope> envelopes(
      String stream, List<NewEvent> events, long first, Instant recorded) {
    List<Envelope> envelopes = new ArrayList<>(events.size());
    for (int i = 0; i < events.size(); i++) {
      NewEvent event = events.get(i);
      try {
        envelopes.add(envelope(stream, event, first + i, first, events.size(), recorded));
      } catch (HeraldException e) {
        throw refused(stream, event, "cannot be stored in the log (" + e.getMessage() + ")", "");
      }
    }
    return envelopes;
  }

  /** The envelope of {@code event} at {@code version} of an append of {@code count} from first. */
  static Envelope envelope(
      String stream, NewEvent event, long version, long first, int count, Instant recorded) {
    // the store's names in name order (es... < md... < partitionkey): the builder moves none
    Envelope.Builder builder =
        Envelope.builder()
            .id(event.id())
            .source(SOURCE)
            .type(event.type())
            .time(recorded)
            .extension(COUNT, Integer.toString(count))
            .extension(FIRST, Long.toString(first))
            .extension(STREAM, stream)
            .extension(VERSION, Long.toString(version))
            .data(event.data());
    event.metadata().forEach((name, value) -> builder.extension(METADATA + name, value));
    builder.extension(Envelope.PARTITION_KEY, PARTITION_KEY);
    return builder.build();
  }

  /** The store's fields of {@code envelope}, or null if it is not an event of the store. */
  static Header header(Envelope envelope) {
    Map<String, String> extensions = envelope.extensions();
    String stream = extensions.get(STREAM);
    String version = extensions.get(VERSION);
    String first = extensions.get(FIRST);
    String count = extensions.get(COUNT);
    if (stream == null || version == null || first == null || count == null) {
      return null;
    }
    try {
      Header header =
          new Header(
              stream,
              Long.parseLong(version),
              Long.parseLong(first),
              Integer.parseInt(count),
              envelope.id());
      boolean valid =
          header.first() >= 0
              && header.count() >= 1
              && header.indexInAppend() >= 0
              && header.indexInAppend() < header.count();
      return valid ? header : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** The event {@code delivery} holds, or null if it is not an event of the store. */
  static RecordedEvent event(Delivery delivery) {
    Envelope envelope = delivery.envelope();
    Header header = header(envelope);
    if (header == null || envelope.time().isEmpty()) {
      return null;
    }
    Map<String, String> metadata = new HashMap<>();
    envelope
        .extensions()
        .forEach(
            (name, value) -> {
              if (name.startsWith(METADATA)) {
                metadata.put(name.substring(METADATA.length()), value);
              }
            });
    return new RecordedEvent(
        header.stream(),
        header.version(),
        delivery.offset(),
        envelope.id(),
        envelope.type(),
        envelope.data(),
        Map.copyOf(metadata),
        envelope.time().get());
  }
}
