package dev.herald.core.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PartitionerTest {
  @Test
  void murmur2_matchesKafkaReferenceVectors() {
    // The vectors of Apache Kafka's UtilsTest.testMurmur2: equal hashes mean a key lands on the
    // same partition whether Herald or a plain Kafka producer writes it.
    assertThat(hash("21")).isEqualTo(-973932308);
    assertThat(hash("foobar")).isEqualTo(-790332482);
    assertThat(hash("a-little-bit-long-string")).isEqualTo(-985981536);
    assertThat(hash("a-little-bit-longer-string")).isEqualTo(-1486304829);
    assertThat(hash("lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8")).isEqualTo(-58897971);
    assertThat(hash("abc")).isEqualTo(479470107);
  }

  @Test
  void partition_isStableAndInRange() {
    for (int i = 0; i < 1000; i++) {
      String key = "key-" + i;
      int partition = Partitioner.partition(key, 7);
      assertThat(partition).isBetween(0, 6).isEqualTo(Partitioner.partition(key, 7));
    }
  }

  @Test
  void partition_withoutKeySpreadsOverAllPartitions() {
    Set<Integer> seen = new HashSet<>();
    for (int i = 0; i < 20; i++) {
      seen.add(Partitioner.partition(null, 4));
    }
    assertThat(seen).containsExactlyInAnyOrder(0, 1, 2, 3);
  }

  private static int hash(String text) {
    return Partitioner.murmur2(text.getBytes(StandardCharsets.UTF_8));
  }
}
