package dev.herald.log;

import dev.herald.core.Position;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One call to append, waiting for each partition it wrote to to make its records durable. The
 * future completes with the positions in input order once all have, or fails at the first failure.
 */
final class PendingAppend {
  final CompletableFuture<List<Position>> future = new CompletableFuture<>();
  private final Position[] positions;
  private final AtomicInteger partitionsLeft;

  PendingAppend(int events, int partitions) {
    this.positions = new Position[events];
    this.partitionsLeft = new AtomicInteger(partitions);
  }

  /** Records where event {@code index} of the call went; before its partition is done. */
  void position(int index, Position position) {
    positions[index] = position;
  }

  /** One partition holds its records durably. */
  void partitionDone() {
    if (partitionsLeft.decrementAndGet() == 0) {
      future.complete(List.of(positions));
    }
  }

  /** One partition could not store its records; the call fails. */
  void fail(Throwable error) {
    future.completeExceptionally(error);
  }
}
