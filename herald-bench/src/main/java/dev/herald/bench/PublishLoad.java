package dev.herald.bench;

import java.util.Locale;

/**
 * What one publish measurement of {@link GatewayBench} sends: {@code events} per request (one
 * append on the direct side), from {@code publishers} connections (threads) at once.
 *
 * @param events events per request, 1 or more
 * @param publishers connections, each with a thread sending one request at a time
 */
public record PublishLoad(int events, int publishers) {
  /** Checks the figures. */
  public PublishLoad {
    OptionChecks.require(
        events >= 1 && events <= GatewayBenchOptions.MAX_BATCH,
        "events per request must be from 1 to " + GatewayBenchOptions.MAX_BATCH);
    OptionChecks.require(
        publishers >= 1 && publishers <= GatewayBenchOptions.MAX_PUBLISHERS,
        "publishers must be from 1 to " + GatewayBenchOptions.MAX_PUBLISHERS);
  }

  /** Such as {@code 1 event, 16 publishers} or {@code 100 events, 16 publishers}. */
  public String label() {
    return String.format(
        Locale.ROOT,
        "%d event%s, %d publisher%s",
        events,
        events == 1 ? "" : "s",
        publishers,
        publishers == 1 ? "" : "s");
  }

  @Override
  public String toString() {
    return label();
  }
}
