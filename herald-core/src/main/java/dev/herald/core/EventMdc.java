package dev.herald.core;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.MDC;

/**
 * The ids of the event being handled in the SLF4J MDC ({@code correlationid}, {@code causationid},
 * {@code eventid}, {@code eventtype}, {@code service}), so that every log line a handler writes
 * carries them; {@link #close()} restores what was there before.
 */
final class EventMdc implements AutoCloseable {
  static final String CORRELATION_ID = "correlationid";
  static final String CAUSATION_ID = "causationid";
  static final String EVENT_ID = "eventid";
  static final String EVENT_TYPE = "eventtype";
  static final String SERVICE = "service";
  private static final List<String> KEYS =
      List.of(CORRELATION_ID, CAUSATION_ID, EVENT_ID, EVENT_TYPE, SERVICE);

  private final Map<String, String> before;

  private EventMdc(Map<String, String> before) {
    this.before = before;
  }

  static EventMdc of(Envelope envelope, String service) {
    Map<String, String> before = new HashMap<>();
    for (String key : KEYS) {
      String value = MDC.get(key);
      if (value != null) {
        before.put(key, value);
      }
    }
    MDC.put(CORRELATION_ID, envelope.correlationId().orElse(envelope.id()));
    if (envelope.causationId().isPresent()) {
      MDC.put(CAUSATION_ID, envelope.causationId().get());
    } else {
      MDC.remove(CAUSATION_ID);
    }
    MDC.put(EVENT_ID, envelope.id());
    MDC.put(EVENT_TYPE, envelope.type());
    MDC.put(SERVICE, service);
    return new EventMdc(before);
  }

  @Override
  public void close() {
    for (String key : KEYS) {
      String value = before.get(key);
      if (value == null) {
        MDC.remove(key);
      } else {
        MDC.put(key, value);
      }
    }
  }
}
