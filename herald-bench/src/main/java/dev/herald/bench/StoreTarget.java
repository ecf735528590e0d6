package dev.herald.bench;

import dev.herald.eventstore.EventStore;
import dev.herald.eventstore.ExpectedVersion;
import dev.herald.eventstore.NewEvent;
import java.util.List;

/**
 * An {@link EventStore} as a measurement's target: every writer appends with {@link
 * EventStore#append}, expecting the exact version it last wrote ({@link ExpectedVersion#noStream()}
 * for a new stream); {@code release} runs at {@link #close()}.
 */
record StoreTarget(EventStore store, Runnable release) implements AppendSide.Target {
  @Override
  public AppendSide.Writer writer() {
    return new AppendSide.Writer() {
      @Override
      public void append(String stream, long version, List<NewEvent> events) {
        var unused =
            store.append(
                stream,
                version < 0 ? ExpectedVersion.noStream() : ExpectedVersion.exactly(version),
                events);
      }

      @Override
      public void close() {}
    };
  }

  @Override
  public void close() {
    release.run();
  }
}
