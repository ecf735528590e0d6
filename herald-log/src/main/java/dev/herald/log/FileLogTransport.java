package dev.herald.log;

import dev.herald.core.Delivery;
import dev.herald.core.Envelope;
import dev.herald.core.HeraldException;
import dev.herald.core.Position;
import dev.herald.core.StartPosition;
import dev.herald.core.spi.AppendChecks;
import dev.herald.core.spi.CommittedOffsets;
import dev.herald.core.spi.Features;
import dev.herald.core.spi.Names;
import dev.herald.core.spi.Partitioner;
import dev.herald.core.spi.RebalanceListener;
import dev.herald.core.spi.Subscription;
import dev.herald.log.RecoveryReport.Repair;
import java.io.IOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link LogTransport}: a directory of topics, its lock, and the maintenance thread. Longer
 * than most classes because it is the one entry to the whole {@link LogTransport} interface; each
 * method checks its arguments and hands over to {@link TopicLog} and {@link PartitionLog}.
 */
final class FileLogTransport implements LogTransport {
  private static final Logger LOG = LoggerFactory.getLogger(FileLogTransport.class);

  /** The largest event data accepted: 8 MiB. */
  static final int MAX_EVENT_BYTES = 8 << 20;

  private static final long RETENTION_CHECK_MILLIS = 30_000;
  private static final int SMALL_READ_RECORDS = 16;
  private static final int SMALL_READ_BYTES = 16 << 10;

  /** Written by a close that left everything durable; its absence on open means a crash. */
  static final String CLEAN_SHUTDOWN = "herald.clean";

  private final LogContext context;
  private final Path root;
  private final DirectoryLock directoryLock;
  private final Map<String, TopicLog> topics = new ConcurrentHashMap<>();
  private final Object topicCreation = new Object();
  private final Set<LogSubscription> subscriptions = ConcurrentHashMap.newKeySet();
  private final RecoveryReport recoveryReport;
  private final ScheduledExecutorService maintenance;
  private volatile boolean closed;

  FileLogTransport(LogContext context) {
    this.context = context;
    this.root = prepare(context.settings().directory());
    this.directoryLock = DirectoryLock.acquire(root);
    List<Repair> repairs = new ArrayList<>();
    try {
      boolean cleanShutdown = Files.deleteIfExists(root.resolve(CLEAN_SHUTDOWN));
      if (cleanShutdown) {
        FileSync.directory(root, context.channels()); // so that a crash from now on shows
      }
      for (String topic : existingTopics()) {
        topics.put(topic, TopicLog.open(root, topic, context, cleanShutdown, repairs));
      }
      enforceRetention();
    } catch (IOException | RuntimeException e) {
      topics.values().forEach(TopicLog::close);
      directoryLock.close();
      if (e instanceof HeraldException herald) {
        throw herald;
      }
      throw new HeraldException(
          "opening the log in " + root + " failed: " + e + "; check the disk and permissions", e);
    }
    this.recoveryReport = new RecoveryReport(repairs);
    this.maintenance = startMaintenance();
  }

  /** Creates the directory if needed and checks that it is a writable directory. */
  private static Path prepare(Path directory) {
    Path absolute = directory.toAbsolutePath().normalize();
    if (Files.exists(absolute) && !Files.isDirectory(absolute)) {
      throw new HeraldException(
          "the log directory "
              + absolute
              + " is a file, not a directory; give the path of a directory (it is created if"
              + " missing)");
    }
    try {
      Files.createDirectories(absolute);
      Path real = absolute.toRealPath();
      if (!Files.isWritable(real)) {
        throw new HeraldException(
            "the log directory "
                + real
                + " is not writable by this user; fix its permissions or give another directory");
      }
      return real;
    } catch (IOException e) {
      throw new HeraldException(
          "cannot create the log directory "
              + absolute
              + ": "
              + e
              + "; check that its parent exists and is writable",
          e);
    }
  }

  private List<String> existingTopics() throws IOException {
    List<String> found = new ArrayList<>();
    try (Stream<Path> files = Files.list(root)) {
      for (Path file : files.toList()) {
        String name = file.getFileName().toString();
        if (name.endsWith(TopicLog.SUFFIX + ".tmp")) {
          Files.deleteIfExists(file); // a topic creation cut short; its partitions are reused
        } else if (name.endsWith(TopicLog.SUFFIX) && Files.isRegularFile(file)) {
          found.add(name.substring(0, name.length() - TopicLog.SUFFIX.length()));
        }
      }
    }
    found.sort(null);
    return found;
  }

  private ScheduledExecutorService startMaintenance() {
    LogSettings settings = context.settings();
    boolean retention = settings.retentionBytes() >= 0 || settings.retentionMs() > 0;
    if (!retention && !context.syncOnInterval()) {
      return null;
    }
    ScheduledExecutorService executor =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("herald-log-maintenance").factory());
    if (settings.durability() instanceof Durability.Interval interval) {
      long millis = interval.period().toMillis();
      var unused =
          executor.scheduleWithFixedDelay(this::syncAll, millis, millis, TimeUnit.MILLISECONDS);
    }
    if (retention) {
      var unused =
          executor.scheduleWithFixedDelay(
              this::enforceRetention,
              RETENTION_CHECK_MILLIS,
              RETENTION_CHECK_MILLIS,
              TimeUnit.MILLISECONDS);
    }
    return executor;
  }

  @Override
  public Features features() {
    return new Features(true, false, MAX_EVENT_BYTES);
  }

  @Override
  public CompletableFuture<List<Position>> append(String topic, List<Envelope> envelopes) {
    Names.check("topic", topic);
    HeraldException oversized = AppendChecks.oversized(envelopes, MAX_EVENT_BYTES, "log");
    if (oversized != null) {
      return CompletableFuture.failedFuture(oversized);
    }
    if (envelopes.isEmpty()) {
      return CompletableFuture.completedFuture(List.of());
    }
    TopicLog log;
    try {
      log = topic(topic);
    } catch (HeraldException e) {
      return CompletableFuture.failedFuture(e);
    }
    long now = context.clock().millis();
    int count = log.partitionCount();
    int[] partitionOf = new int[envelopes.size()];
    int[] perPartition = new int[count];
    int partitions = 0;
    for (int i = 0; i < partitionOf.length; i++) {
      int p = Partitioner.partition(envelopes.get(i).partitionKey().orElse(null), count);
      partitionOf[i] = p;
      if (perPartition[p]++ == 0) {
        partitions++;
      }
    }
    PendingAppend append = new PendingAppend(envelopes.size(), partitions);
    for (int p = 0; p < count && partitions > 0; p++) {
      if (perPartition[p] == 0) {
        continue;
      }
      partitions--;
      int[] indexes = new int[perPartition[p]];
      int estimate = 0;
      for (int i = 0, k = 0; k < indexes.length; i++) {
        if (partitionOf[i] == p) {
          indexes[k++] = i;
          estimate += EnvelopeCodec.estimate(envelopes.get(i));
        }
      }
      RecordBuffer records = new RecordBuffer(estimate);
      for (int i : indexes) {
        EnvelopeCodec.writeRecord(envelopes.get(i), records);
      }
      log.partition(p).enqueue(records.array(), records.size(), envelopes, indexes, append, now);
    }
    return append.future;
  }

  @Override
  public int partitions(String topic) {
    Names.check("topic", topic);
    return topic(topic).partitionCount();
  }

  /** Every topic of the directory: those found on opening it and those created since. */
  @Override
  public Optional<Set<String>> topics() {
    checkOpen();
    return Optional.of(Set.copyOf(topics.keySet()));
  }

  /** Every group's committed offsets, including those of groups no subscription has opened. */
  @Override
  public Optional<List<CommittedOffsets>> committedOffsets() {
    checkOpen();
    List<CommittedOffsets> all = new ArrayList<>();
    topics.values().forEach(log -> all.addAll(log.committedOffsets()));
    return Optional.of(List.copyOf(all));
  }

  @Override
  public Subscription subscribe(
      String topic, String group, StartPosition start, RebalanceListener listener) {
    Names.check("topic", topic);
    Names.check("consumer group", group);
    checkOpen();
    TopicLog log = topic(topic);
    LogGroup logGroup = log.group(group);
    LogSubscription subscription = new LogSubscription(this, log, logGroup, start, listener);
    subscriptions.add(subscription);
    log.addReader(subscription);
    logGroup.join(subscription);
    subscription.joinNow();
    return subscription;
  }

  @Override
  public Path directory() {
    return root;
  }

  @Override
  public RecoveryReport recoveryReport() {
    return recoveryReport;
  }

  @Override
  public long offsetForTime(String topic, int partition, Instant time) {
    PartitionLog log = partition(topic, partition);
    try {
      return PartitionCursor.offsetForTime(log, time.toEpochMilli());
    } catch (IOException e) {
      throw new HeraldException("reading partition " + log.name + " failed: " + e, e);
    }
  }

  @Override
  public long startOffset(String topic, int partition) {
    return partition(topic, partition).startOffset();
  }

  @Override
  public long endOffset(String topic, int partition) {
    return partition(topic, partition).watermark().offset();
  }

  @Override
  public List<Delivery> read(String topic, int partition, long offset, int maxEvents) {
    if (offset < 0 || maxEvents < 0) {
      throw new HeraldException(
          "read offset " + offset + " and count " + maxEvents + " must be 0 or more");
    }
    PartitionLog log = partition(topic, partition);
    checkOpen();
    List<Delivery> out = new ArrayList<>(Math.min(maxEvents, 512));
    // a few records need no 128 KiB window; the reader grows for a larger record
    FrameReader reader =
        maxEvents <= SMALL_READ_RECORDS ? new FrameReader(SMALL_READ_BYTES) : new FrameReader();
    try {
      new PartitionCursor(log, new EnvelopeDecoder(), offset, reader).read(maxEvents, out);
    } catch (ClosedByInterruptException e) {
      throw new HeraldException("interrupted while reading partition " + log.name, e);
    } catch (IOException e) {
      checkOpen();
      throw new HeraldException(
          "reading partition " + log.name + " failed: " + e + "; check the disk, then read again",
          e);
    }
    return out;
  }

  /** The watermark of every partition: what a consumer can read now. */
  @Override
  public Optional<Map<Integer, Long>> endOffsets(String topic) {
    Map<Integer, Long> ends = new HashMap<>();
    for (int p = 0; p < partitions(topic); p++) {
      ends.put(p, endOffset(topic, p));
    }
    return Optional.of(ends);
  }

  private PartitionLog partition(String topic, int partition) {
    Names.check("topic", topic);
    TopicLog log = topic(topic);
    if (partition < 0 || partition >= log.partitionCount()) {
      throw new HeraldException(
          "topic "
              + topic
              + " has partitions 0 to "
              + (log.partitionCount() - 1)
              + ", not "
              + partition);
    }
    return log.partition(partition);
  }

  /** Applies retention to every partition now; also runs every 30 s and after each new segment. */
  void enforceRetention() {
    for (TopicLog log : topics.values()) {
      for (int p = 0; p < log.partitionCount(); p++) {
        try {
          log.partition(p).enforceRetention();
        } catch (IOException e) {
          LOG.warn("retention on {}/{} failed; it tries again later", log.name, p, e);
        }
      }
    }
  }

  private void syncAll() {
    for (TopicLog log : topics.values()) {
      for (int p = 0; p < log.partitionCount(); p++) {
        log.partition(p).syncWritten();
      }
    }
  }

  private TopicLog topic(String topic) {
    TopicLog log = topics.get(topic);
    if (log != null) {
      return log;
    }
    synchronized (topicCreation) {
      checkOpen();
      log = topics.get(topic);
      if (log == null) {
        try {
          log = TopicLog.create(root, topic, context.settings().partitions(), context);
        } catch (IOException e) {
          throw new HeraldException(
              "creating topic "
                  + topic
                  + " in "
                  + root
                  + " failed: "
                  + e
                  + "; check that the directory is writable and has free space",
              e);
        }
        topics.put(topic, log);
      }
      return log;
    }
  }

  boolean isClosed() {
    return closed;
  }

  void forget(LogSubscription subscription) {
    subscriptions.remove(subscription);
  }

  private void checkOpen() {
    if (closed) {
      throw new HeraldException(
          "the log transport on " + root + " is closed; open a new one to use the directory");
    }
  }

  /** Closes subscriptions, lets every partition's writer finish, forces, and unlocks. */
  @Override
  public void close() {
    synchronized (topicCreation) {
      if (closed) {
        return;
      }
      closed = true;
    }
    List.copyOf(subscriptions).forEach(LogSubscription::close);
    if (maintenance != null) {
      // not shutdownNow: interrupting a force would close the segment's channel
      maintenance.shutdown();
      try {
        maintenance.awaitTermination(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    boolean durable = true;
    for (TopicLog log : topics.values()) {
      durable &= log.close();
    }
    if (durable) {
      markCleanShutdown();
    }
    directoryLock.close();
  }

  private void markCleanShutdown() {
    try (FileChannel marker =
        context
            .channels()
            .open(
                root.resolve(CLEAN_SHUTDOWN),
                StandardOpenOption.CREATE,
                StandardOpenOption.WRITE)) {
      marker.force(true);
      FileSync.directory(root, context.channels());
    } catch (IOException e) {
      LOG.warn("marking a clean shutdown of {} failed; the next open checks more", root, e);
    }
  }
}
