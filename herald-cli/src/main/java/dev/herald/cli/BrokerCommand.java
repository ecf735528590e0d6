package dev.herald.cli;

import picocli.CommandLine.Command;

/** Placeholder, replaced in this change. */
@Command(
    name = "broker",
    description = "Run a real Kafka broker on this machine for local development.")
final class BrokerCommand implements Runnable {
  @Override
  public void run() {
    throw new UnsupportedOperationException("broker is not written yet");
  }
}
