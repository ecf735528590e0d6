package dev.herald.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code herald version}: prints {@code herald <version>}. */
@Command(name = "version", description = "Print the herald version.")
final class VersionCommand implements Runnable {
  @Mixin HelpOption help;
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().getOut().println("herald " + HeraldVersion.current());
    spec.commandLine().getOut().flush();
  }
}
