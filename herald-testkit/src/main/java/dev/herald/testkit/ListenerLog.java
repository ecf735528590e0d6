package dev.herald.testkit;

import dev.herald.core.spi.RebalanceListener;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * A {@link RebalanceListener} that remembers which partitions it was told about and runs an action
 * on revocation. Called on the polling thread only, so it needs no locking.
 */
final class ListenerLog implements RebalanceListener {
  private final Consumer<Set<Integer>> onRevoked;
  private final Set<Integer> assigned = new TreeSet<>();
  private final Set<Integer> revoked = new TreeSet<>();

  ListenerLog(Consumer<Set<Integer>> onRevoked) {
    this.onRevoked = onRevoked;
  }

  @Override
  public void onAssigned(Set<Integer> partitions) {
    assigned.addAll(partitions);
  }

  @Override
  public void onRevoked(Set<Integer> partitions) {
    revoked.addAll(partitions);
    onRevoked.accept(partitions);
  }

  /** Every partition ever assigned. */
  Set<Integer> assigned() {
    return Set.copyOf(assigned);
  }

  /** Every partition ever revoked. */
  Set<Integer> revoked() {
    return Set.copyOf(revoked);
  }
}
