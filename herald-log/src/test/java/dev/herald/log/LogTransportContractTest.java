package dev.herald.log;

import dev.herald.core.Transports;
import dev.herald.core.spi.Features;
import dev.herald.core.spi.Transport;
import dev.herald.testkit.TransportContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The log transport keeps the transport contract, opened by URI as services open it. */
class LogTransportContractTest extends TransportContract {
  @TempDir Path directory;

  @Override
  protected Transport openTransport() {
    return Transports.open("log:" + directory);
  }

  @Override
  protected Transport reopenTransport() {
    return Transports.open("log:" + directory);
  }

  @Override
  protected Features features() {
    return new Features(true, false, FileLogTransport.MAX_EVENT_BYTES);
  }
}
