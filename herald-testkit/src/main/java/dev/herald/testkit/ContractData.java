package dev.herald.testkit;

import dev.herald.core.Delivery;
import dev.herald.core.Envelope;
import dev.herald.core.Position;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.CRC32;

/**
 * What the {@link TransportContract} publishes and how it compares what came back: event and
 * envelope factories, id set arithmetic and checksums. Stateless.
 */
final class ContractData {
  /** How many consecutive sequences of one key {@link #keyedEvents} puts next to each other. */
  static final int BURST = 3;

  private ContractData() {}

  /** A regular event with a fresh random id. */
  static ContractEvent event(String key, long sequence, String payload) {
    return ContractEvent.of(UUID.randomUUID().toString(), key, sequence, payload);
  }

  /**
   * {@code perKey} events for each of {@code keys} keys with sequences from {@code first}: keys
   * interleave, and each key comes in bursts of {@value #BURST} consecutive sequences, so that a
   * partition holds both neighbours of one key and neighbours of different keys.
   */
  static List<ContractEvent> keyedEvents(String prefix, int keys, int perKey, int first) {
    List<ContractEvent> events = new ArrayList<>();
    int end = first + perKey;
    for (int burst = first; burst < end; burst += BURST) {
      for (int key = 0; key < keys; key++) {
        for (int sequence = burst; sequence < Math.min(burst + BURST, end); sequence++) {
          events.add(event(prefix + key, sequence, "payload of " + prefix + key + "#" + sequence));
        }
      }
    }
    return events;
  }

  /** The ids of {@code events}, in order. */
  static List<String> ids(List<ContractEvent> events) {
    return events.stream().map(ContractEvent::id).toList();
  }

  /** {@code first} followed by {@code second}. */
  static List<String> concat(List<String> first, List<String> second) {
    List<String> all = new ArrayList<>(first);
    all.addAll(second);
    return all;
  }

  /** Those of {@code ids} that are in {@code seen}. */
  static List<String> intersection(Set<String> seen, List<String> ids) {
    return ids.stream().filter(seen::contains).toList();
  }

  /** The ids {@code recorder} handled more than once, each with the instances that did. */
  static Map<String, List<String>> handledMoreThanOnce(Recorder recorder) {
    Map<String, List<String>> instances = new TreeMap<>();
    recorder
        .handled()
        .forEach(
            h ->
                instances
                    .computeIfAbsent(h.event().id(), id -> new ArrayList<>())
                    .add(h.instance()));
    instances.values().removeIf(list -> list.size() == 1);
    return instances;
  }

  /**
   * What differs between the published {@code events} (at {@code positions}) and what {@code
   * recorder} handled: one line per event missing, with another payload, or at another position.
   */
  static List<String> differences(
      List<ContractEvent> events, List<Position> positions, Recorder recorder) {
    Map<String, Recorder.Handled> handled = new HashMap<>();
    recorder.handled().forEach(h -> handled.putIfAbsent(h.event().id(), h));
    List<String> differences = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      ContractEvent sent = events.get(i);
      Recorder.Handled got = handled.get(sent.id());
      if (got == null) {
        differences.add(sent.id() + " (key " + sent.key() + ") was never handled");
      } else if (!got.event().equals(sent)) {
        differences.add(
            sent.id()
                + " changed: payload of "
                + sent.payload().length()
                + " chars, crc "
                + crc(sent.payload())
                + " arrived as "
                + got.event().payload().length()
                + " chars, crc "
                + crc(got.event().payload()));
      } else if (!got.position().equals(positions.get(i))) {
        differences.add(
            sent.id() + " was published at " + positions.get(i) + " but read at " + got.position());
      }
    }
    return differences;
  }

  /** CRC32 of the UTF-8 bytes of {@code text}. */
  static long crc(String text) {
    CRC32 crc = new CRC32();
    crc.update(text.getBytes(StandardCharsets.UTF_8));
    return crc.getValue();
  }

  /** CRC32 over "id NUL payload LF" lines in id order. */
  static long checksum(Map<String, String> payloadsById) {
    CRC32 crc = new CRC32();
    new TreeMap<>(payloadsById)
        .forEach(
            (id, payload) ->
                crc.update((id + '\u0000' + payload + '\n').getBytes(StandardCharsets.UTF_8)));
    return crc.getValue();
  }

  /** {@code length} random letters, digits and spaces (one byte each in UTF-8). */
  static String randomText(int length) {
    String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ";
    ThreadLocalRandom random = ThreadLocalRandom.current();
    char[] text = new char[length];
    for (int i = 0; i < length; i++) {
      text[i] = alphabet.charAt(random.nextInt(alphabet.length()));
    }
    return new String(text);
  }

  /** An envelope of {@code type} under {@code key} with a fresh random id. */
  static Envelope envelope(String type, String key, byte[] data) {
    return Envelope.builder()
        .id(UUID.randomUUID().toString())
        .source("herald-contract")
        .type(type)
        .subject(key)
        .extension(Envelope.PARTITION_KEY, key)
        .data(data)
        .build();
  }

  /** The UTF-8 bytes of {@code text}. */
  static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** The partitions {@code deliveries} came from. */
  static Set<Integer> partitionsIn(List<Delivery> deliveries) {
    Set<Integer> partitions = new HashSet<>();
    deliveries.forEach(d -> partitions.add(d.partition()));
    return partitions;
  }

  /** The first envelope delivered at each position. */
  static Map<Position, Envelope> byPosition(List<Delivery> deliveries) {
    Map<Position, Envelope> byPosition = new HashMap<>();
    deliveries.forEach(d -> byPosition.putIfAbsent(d.position(), d.envelope()));
    return byPosition;
  }
}
