package dev.herald.log;

import dev.herald.core.spi.CommittedOffsets;
import dev.herald.log.RecoveryReport.Repair;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One topic: its partitions, its consumer groups, and the subscriptions to wake when a partition's
 * watermark moves. The partition count lives in {@code TOPIC.topic}, written once when the topic is
 * created, after its partitions, so that a topic either exists whole or not at all.
 */
final class TopicLog {
  private static final Logger LOG = LoggerFactory.getLogger(TopicLog.class);
  static final String SUFFIX = ".topic";
  private static final int FORMAT = 1;

  final String name;
  private final Path root;
  private final PartitionLog[] partitions;
  private final Map<String, LogGroup> groups = new ConcurrentHashMap<>();
  private final List<LogSubscription> readers = new CopyOnWriteArrayList<>();

  private TopicLog(String name, Path root, int partitionCount) {
    this.name = name;
    this.root = root;
    this.partitions = new PartitionLog[partitionCount];
  }

  static Path metadataFile(Path root, String topic) {
    return root.resolve(topic + SUFFIX);
  }

  /** Creates a topic of {@code partitionCount} partitions, durably, and opens it. */
  static TopicLog create(Path root, String topic, int partitionCount, LogContext context)
      throws IOException {
    for (int p = 0; p < partitionCount; p++) {
      PartitionLog.create(root, topic, p, context);
    }
    String metadata =
        "# A Herald log topic. Do not edit.\nformat="
            + FORMAT
            + "\npartitions="
            + partitionCount
            + "\n";
    FileSync.replace(metadataFile(root, topic), metadata.getBytes(StandardCharsets.UTF_8), true);
    return open(root, topic, context, true, new ArrayList<>());
  }

  /**
   * Opens an existing topic: recovers each partition and loads the groups' offsets, pulling back
   * any that point past what survived a crash.
   */
  static TopicLog open(
      Path root, String topic, LogContext context, boolean cleanShutdown, List<Repair> repairs)
      throws IOException {
    TopicLog log = new TopicLog(topic, root, readPartitionCount(root, topic));
    try {
      for (int p = 0; p < log.partitions.length; p++) {
        log.partitions[p] =
            PartitionLog.open(root, topic, p, context, log::wakeReaders, cleanShutdown, repairs);
      }
      log.loadGroups(repairs);
    } catch (IOException | RuntimeException e) {
      log.close();
      throw e;
    }
    return log;
  }

  private static int readPartitionCount(Path root, String topic) throws IOException {
    Path file = metadataFile(root, topic);
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    int partitions = -1;
    boolean formatKnown = false;
    for (String line : lines) {
      if (line.equals("format=" + FORMAT)) {
        formatKnown = true;
      } else if (line.startsWith("partitions=")) {
        try {
          partitions = Integer.parseInt(line.substring("partitions=".length()).trim());
        } catch (NumberFormatException e) {
          partitions = -1;
        }
      }
    }
    if (!formatKnown || partitions < 1 || partitions > LogSettings.MAX_PARTITIONS) {
      throw new CorruptLogException(
          file,
          0,
          file
              + " does not say how many partitions topic "
              + topic
              + " has (it needs the lines format="
              + FORMAT
              + " and partitions=N). Restore it from a backup, or write it again with the"
              + " number of "
              + topic
              + "-N directories.");
    }
    return partitions;
  }

  private void loadGroups(List<Repair> repairs) throws IOException {
    Path directory = OffsetStore.groupsDirectory(root, name);
    if (!Files.isDirectory(directory)) {
      return;
    }
    List<Path> files;
    try (Stream<Path> listing = Files.list(directory)) {
      files = listing.toList();
    }
    for (Path file : files) {
      String fileName = file.getFileName().toString();
      if (fileName.endsWith(".tmp")) {
        Files.deleteIfExists(file); // a commit cut short by a crash; the previous file stands
        continue;
      }
      if (!fileName.endsWith(OffsetStore.SUFFIX)) {
        continue;
      }
      String group = fileName.substring(0, fileName.length() - OffsetStore.SUFFIX.length());
      Map<Integer, Long> offsets = new java.util.TreeMap<>(OffsetStore.load(file));
      boolean pulledBack = false;
      for (Map.Entry<Integer, Long> entry : offsets.entrySet()) {
        int p = entry.getKey();
        if (p < 0 || p >= partitions.length) {
          continue;
        }
        long end = partitions[p].watermark().offset();
        if (entry.getValue() > end) {
          String description =
              "group "
                  + group
                  + " had committed offset "
                  + entry.getValue()
                  + " of partition "
                  + name
                  + "/"
                  + p
                  + ", past its end "
                  + end
                  + " after recovery; it resumes at "
                  + end;
          LOG.warn("repaired {}: {}", file, description);
          repairs.add(new Repair(file, 0, 0, description));
          entry.setValue(end);
          pulledBack = true;
        }
      }
      if (pulledBack) {
        OffsetStore.save(file, offsets, true);
      }
      groups.put(group, newGroup(group, offsets));
    }
  }

  private LogGroup newGroup(String group, Map<Integer, Long> offsets) {
    return new LogGroup(group, partitions.length, OffsetStore.file(root, name, group), offsets);
  }

  int partitionCount() {
    return partitions.length;
  }

  PartitionLog partition(int partition) {
    return partitions[partition];
  }

  /** The group {@code group} of this topic, created on first use. */
  LogGroup group(String group) {
    return groups.computeIfAbsent(group, g -> newGroup(g, Map.of()));
  }

  /**
   * The offsets of every group of this topic that has committed, in this run or an earlier one:
   * opening the topic loaded the groups' files.
   */
  List<CommittedOffsets> committedOffsets() {
    List<CommittedOffsets> all = new ArrayList<>();
    groups.forEach(
        (group, log) -> {
          Map<Integer, Long> committed = log.committed();
          if (!committed.isEmpty()) {
            all.add(new CommittedOffsets(group, name, committed));
          }
        });
    return all;
  }

  synchronized void addReader(LogSubscription subscription) {
    readers.add(subscription);
    for (PartitionLog partition : partitions) {
      partition.cache().enabled(true);
    }
  }

  synchronized void removeReader(LogSubscription subscription) {
    readers.remove(subscription);
    if (readers.isEmpty()) {
      for (PartitionLog partition : partitions) {
        partition.cache().enabled(false);
      }
    }
  }

  private void wakeReaders() {
    for (LogSubscription reader : readers) {
      reader.wake();
    }
  }

  /** Forces and closes every partition; appends after this fail. True if all is durable. */
  boolean close() {
    boolean durable = true;
    for (PartitionLog partition : partitions) {
      durable &= partition == null || partition.close();
    }
    return durable;
  }
}
