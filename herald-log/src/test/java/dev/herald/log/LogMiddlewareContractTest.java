package dev.herald.log;

import dev.herald.core.Transports;
import dev.herald.core.spi.Features;
import dev.herald.core.spi.Transport;
import dev.herald.testkit.MiddlewareContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** Failure handling on the log transport keeps the middleware contract, opened by URI. */
class LogMiddlewareContractTest extends MiddlewareContract {
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
