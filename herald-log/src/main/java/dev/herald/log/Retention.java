package dev.herald.log;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes a partition's old segments: whole segments, oldest first and never the active one, while
 * the rest still holds {@code retention.bytes}, or while all their events are older than {@code
 * retention.ms}. Runs after each new segment and every 30 seconds; readers behind the oldest kept
 * offset move on to it.
 */
final class Retention {
  private static final Logger LOG = LoggerFactory.getLogger(Retention.class);

  private final PartitionLog log;
  private final LogContext context;

  Retention(PartitionLog log, LogContext context) {
    this.log = log;
    this.context = context;
  }

  synchronized void apply() throws IOException {
    LogSettings settings = context.settings();
    if (settings.retentionBytes() < 0 && settings.retentionMs() < 0) {
      return;
    }
    List<Segment> current = log.segments();
    long total = current.stream().mapToLong(Segment::size).sum();
    long oldest = context.clock().millis() - settings.retentionMs();
    FrameReader reader = new FrameReader();
    List<Segment> doomed = new ArrayList<>();
    for (Segment segment : current.subList(0, current.size() - 1)) {
      boolean tooBig =
          settings.retentionBytes() >= 0 && total - segment.size() >= settings.retentionBytes();
      boolean tooOld = settings.retentionMs() > 0 && segment.lastTimestamp(reader) < oldest;
      if (!tooBig && !tooOld) {
        break;
      }
      doomed.add(segment);
      total -= segment.size();
    }
    if (doomed.isEmpty()) {
      return;
    }
    log.forget(doomed);
    for (Segment segment : doomed) {
      LOG.info("retention deletes {} of partition {}", segment.file, log.name);
      segment.delete();
    }
  }
}
