package dev.herald.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Channels for segment and index files that tests can break: count and fail forces, remember how
 * much of each file was forced, and emulate a power failure that loses what was not.
 */
final class TestChannels implements ChannelFactory {
  /** Runs before each write or force; throws to fail it. */
  interface Hook {
    default void beforeWrite(Path file) throws IOException {}

    default void beforeForce(Path file) throws IOException {}

    default void afterWrite(Path file) {}
  }

  final AtomicInteger forces = new AtomicInteger();
  final Map<Path, AtomicInteger> forcesByFile = new ConcurrentHashMap<>();

  /** What happened to which file, in order: "force PATH", "write PATH". */
  final List<String> events = Collections.synchronizedList(new ArrayList<>());

  private final Map<Path, Long> forcedSizes = new ConcurrentHashMap<>();
  private volatile Hook hook = new Hook() {};
  private volatile boolean powerLost;

  /** Forces of files whose name ends with {@code suffix}, such as ".log". */
  int forcesOf(String suffix) {
    return forcesByFile.entrySet().stream()
        .filter(e -> e.getKey().toString().endsWith(suffix))
        .mapToInt(e -> e.getValue().get())
        .sum();
  }

  void hook(Hook hook) {
    this.hook = hook;
  }

  /** From now on every write and force fails, as if the machine lost power. */
  void losePower() {
    powerLost = true;
  }

  /**
   * What the disk holds after the power failure: each file keeps what was forced, and of the rest
   * either nothing, a random prefix, or everything with a random 512-byte sector zeroed (pages
   * written back out of order). Call after the transport was closed. Returns how many files had
   * something that was not forced.
   */
  int applyPowerLoss(Random random) throws IOException {
    int damaged = 0;
    for (Map.Entry<Path, Long> entry : forcedSizes.entrySet()) {
      try (FileChannel channel =
          FileChannel.open(entry.getKey(), java.nio.file.StandardOpenOption.WRITE)) {
        long forced = entry.getValue();
        long size = channel.size();
        if (size <= forced) {
          continue;
        }
        damaged++;
        switch (random.nextInt(3)) {
          case 0 -> channel.truncate(forced);
          case 1 -> channel.truncate(forced + random.nextLong(size - forced));
          default -> {
            long sector = (forced + random.nextLong(size - forced)) & ~511L;
            long at = Math.max(sector, forced);
            int length = (int) Math.min(512, size - at);
            channel.write(ByteBuffer.allocate(length), at);
          }
        }
      } catch (java.nio.file.NoSuchFileException e) {
        // deleted by retention
      }
    }
    return damaged;
  }

  @Override
  public FileChannel open(Path path, OpenOption... options) throws IOException {
    if (powerLost) {
      throw new IOException("the power is off");
    }
    FileChannel channel = FileChannel.open(path, options);
    if (java.nio.file.Files.isRegularFile(path)) {
      forcedSizes.putIfAbsent(path, channel.size());
    }
    return new Wrapped(path, channel);
  }

  private final class Wrapped extends FileChannel {
    private final Path file;
    private final FileChannel delegate;

    Wrapped(Path file, FileChannel delegate) {
      this.file = file;
      this.delegate = delegate;
    }

    private void checkPower() throws IOException {
      if (powerLost) {
        throw new IOException("the power is off");
      }
    }

    @Override
    public int write(ByteBuffer source, long position) throws IOException {
      checkPower();
      hook.beforeWrite(file);
      int written = delegate.write(source, position);
      events.add("write " + file);
      hook.afterWrite(file);
      return written;
    }

    @Override
    public int write(ByteBuffer source) throws IOException {
      checkPower();
      hook.beforeWrite(file);
      int written = delegate.write(source);
      hook.afterWrite(file);
      return written;
    }

    @Override
    public long write(ByteBuffer[] sources, int offset, int length) throws IOException {
      checkPower();
      hook.beforeWrite(file);
      return delegate.write(sources, offset, length);
    }

    @Override
    public void force(boolean metaData) throws IOException {
      checkPower();
      hook.beforeForce(file);
      long size = delegate.size();
      delegate.force(metaData);
      forces.incrementAndGet();
      forcesByFile.computeIfAbsent(file, f -> new AtomicInteger()).incrementAndGet();
      events.add("force " + file);
      forcedSizes.computeIfPresent(file, (f, forced) -> size);
    }

    @Override
    public FileChannel truncate(long size) throws IOException {
      checkPower();
      delegate.truncate(size);
      forcedSizes.computeIfPresent(file, (f, forced) -> Math.min(forced, size));
      return this;
    }

    @Override
    public int read(ByteBuffer destination) throws IOException {
      return delegate.read(destination);
    }

    @Override
    public long read(ByteBuffer[] destinations, int offset, int length) throws IOException {
      return delegate.read(destinations, offset, length);
    }

    @Override
    public int read(ByteBuffer destination, long position) throws IOException {
      return delegate.read(destination, position);
    }

    @Override
    public long position() throws IOException {
      return delegate.position();
    }

    @Override
    public FileChannel position(long newPosition) throws IOException {
      delegate.position(newPosition);
      return this;
    }

    @Override
    public long size() throws IOException {
      return delegate.size();
    }

    @Override
    public long transferTo(long position, long count, WritableByteChannel target)
        throws IOException {
      return delegate.transferTo(position, count, target);
    }

    @Override
    public long transferFrom(ReadableByteChannel source, long position, long count)
        throws IOException {
      checkPower();
      return delegate.transferFrom(source, position, count);
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
      return delegate.map(mode, position, size);
    }

    @Override
    public FileLock lock(long position, long size, boolean shared) throws IOException {
      return delegate.lock(position, size, shared);
    }

    @Override
    public FileLock tryLock(long position, long size, boolean shared) throws IOException {
      return delegate.tryLock(position, size, shared);
    }

    @Override
    protected void implCloseChannel() throws IOException {
      delegate.close();
    }
  }
}
