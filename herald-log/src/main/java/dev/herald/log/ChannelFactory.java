package dev.herald.log;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;

/** Opens the channels of segment and index files; tests pass one that injects faults. */
@FunctionalInterface
interface ChannelFactory {
  /** Opens files as {@link FileChannel#open(Path, OpenOption...)} does. */
  ChannelFactory DEFAULT = FileChannel::open;

  FileChannel open(Path path, OpenOption... options) throws IOException;
}
