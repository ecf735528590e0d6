package dev.herald.bench;

import java.util.ArrayList;
import java.util.List;

/** The figures of one side at one size in one round. */
interface Measured extends Figures {
  /** 0 for the warm-up round, then 1, 2, ... */
  int round();

  /**
   * Per size and side, in the orders of {@code sizes} and {@code sides}, the measurements of the
   * counted rounds (1 and up) in the order taken; a size and side without any is left out.
   */
  static <M extends Measured> List<List<M>> countedRounds(
      List<M> measurements, List<Integer> sizes, List<String> sides) {
    List<List<M>> groups = new ArrayList<>();
    for (int size : sizes) {
      for (String side : sides) {
        List<M> counted =
            measurements.stream()
                .filter(m -> m.round() > 0 && m.size() == size && m.side().equals(side))
                .toList();
        if (!counted.isEmpty()) {
          groups.add(counted);
        }
      }
    }
    return groups;
  }
}
