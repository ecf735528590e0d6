package dev.herald.core.spi;

import dev.herald.core.Envelope;
import dev.herald.core.HeraldException;
import java.util.List;

/** Checks a transport makes on a batch before it stores any of it. */
public final class AppendChecks {
  private AppendChecks() {}

  /**
   * The error for the first envelope whose data is larger than {@code maxEventBytes}, or null when
   * every envelope fits; {@code transport} names the transport in the message, such as {@code
   * "log"}.
   */
  public static HeraldException oversized(
      List<Envelope> envelopes, int maxEventBytes, String transport) {
    for (Envelope envelope : envelopes) {
      if (envelope.data().length > maxEventBytes) {
        return new HeraldException(
            "event "
                + envelope.id()
                + " has "
                + envelope.data().length
                + " bytes of data; the "
                + transport
                + " transport takes at most "
                + maxEventBytes
                + ". Store large payloads elsewhere and publish a reference to them.");
      }
    }
    return null;
  }
}
