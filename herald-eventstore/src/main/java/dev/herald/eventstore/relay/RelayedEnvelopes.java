package dev.herald.eventstore.relay;

import dev.herald.core.Envelope;
import dev.herald.eventstore.RecordedEvent;
import java.util.Map;
import java.util.regex.Pattern;

/** How a stored event looks on the bus. */
final class RelayedEnvelopes {
  /** Extension: the stream the event was appended to. */
  static final String STREAM = "stream";

  /** Extension: the event's version in its stream. */
  static final String STREAM_VERSION = "streamversion";

  /** Extension: the event's position in the store. */
  static final String STORE_POSITION = "storeposition";

  private static final Pattern EXTENSION_NAME = Pattern.compile("[a-z0-9]{1,20}");
  private static final String CONTENT_TYPE = "datacontenttype";
  // the envelope's limits (64 extensions of up to 4096 characters), less the relay's own four
  private static final int MAX_METADATA_EXTENSIONS = 60;
  private static final int MAX_EXTENSION_VALUE = 4096;

  private RelayedEnvelopes() {}

  /**
   * The envelope for {@code event}: the same id (so that idempotent handlers see a relayed twice
   * event as one), its type and data, its key (metadata {@code partitionkey}, which {@link
   * dev.herald.eventstore.AggregateRepository} fills from the record's {@code @EventType} key) or
   * else its stream as partition key, and every metadata entry an envelope can carry as an
   * extension (lower-case letters and digits, up to 20; the rest stays in the store).
   */
  static Envelope of(RecordedEvent event, String source) {
    Envelope.Builder envelope =
        Envelope.builder()
            .id(event.id())
            .source(source)
            .type(event.type())
            .time(event.recorded())
            .subject(event.stream())
            .data(event.data());
    int carried = 0;
    for (Map.Entry<String, String> entry : event.metadata().entrySet()) {
      String name = entry.getKey();
      if (name.equals(CONTENT_TYPE)) {
        envelope.dataContentType(entry.getValue());
      } else if (carried < MAX_METADATA_EXTENSIONS
          && EXTENSION_NAME.matcher(name).matches()
          && !reserved(name)
          && entry.getValue().length() <= MAX_EXTENSION_VALUE) {
        envelope.extension(name, entry.getValue());
        carried++;
      }
    }
    return envelope
        .extension(
            Envelope.PARTITION_KEY,
            event.metadata().getOrDefault(Envelope.PARTITION_KEY, event.stream()))
        .extension(STREAM, event.stream())
        .extension(STREAM_VERSION, Long.toString(event.version()))
        .extension(STORE_POSITION, Long.toString(event.position()))
        .build();
  }

  private static boolean reserved(String name) {
    return switch (name) {
      case "id",
          "source",
          "specversion",
          "type",
          "time",
          "subject",
          "dataschema",
          Envelope.PARTITION_KEY,
          STREAM,
          STREAM_VERSION,
          STORE_POSITION ->
          true;
      default -> false;
    };
  }
}
