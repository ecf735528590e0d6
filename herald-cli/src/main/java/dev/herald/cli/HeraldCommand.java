package dev.herald.cli;

import dev.herald.core.HeraldException;
import dev.herald.core.Transports;
import dev.herald.core.spi.Transport;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code herald} command: publishes, follows and demonstrates events from the terminal.
 *
 * <p>Exit codes: 0 success, 1 a runtime failure (the transport failed, nothing arrived in time), 2
 * bad input (a missing or invalid argument); bad input never prints a stack trace.
 */
@Command(
    name = "herald",
    mixinStandardHelpOptions = true,
    versionProvider = HeraldVersion.class,
    description = "Event-driven microservices toolkit: publish, follow and try out events.",
    subcommands = {
      BenchCommand.class,
      BrokerCommand.class,
      CrashtestCommand.class,
      DemoCommand.class,
      DlqCommand.class,
      GatewayCommand.class,
      PublishCommand.class,
      RunCommand.class,
      TailCommand.class,
      VersionCommand.class,
      CommandLine.HelpCommand.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:success",
      "1:runtime failure (transport error, timeout)",
      "2:bad input (missing or invalid argument)"
    },
    footer = {"%nRun 'herald COMMAND --help' for a command's options."})
public final class HeraldCommand implements Runnable {
  private final Function<String, Transport> opener;
  private boolean verbose;

  @Spec CommandSpec spec;

  /** The command as users run it: transports come from {@link Transports#open(String)}. */
  public HeraldCommand() {
    this(Transports::open);
  }

  /**
   * A command that opens transports through {@code opener} instead of {@link Transports#open}; the
   * commands close what it returns when they finish.
   */
  public HeraldCommand(Function<String, Transport> opener) {
    this.opener = opener;
  }

  /** Runs the command line and exits with its exit code. */
  public static void main(String[] args) {
    Charset charset = stdoutCharset();
    CommandLine commandLine = commandLine(new HeraldCommand());
    // Straight to the file descriptor, not System.out, so that a closed pipe shows in checkError.
    commandLine.setOut(writer(new FileOutputStream(FileDescriptor.out), charset));
    commandLine.setErr(writer(System.err, charset));
    int exitCode = commandLine.execute(args);
    commandLine.getOut().flush();
    commandLine.getErr().flush();
    System.exit(exitCode);
  }

  /**
   * A picocli command line for {@code root} that maps errors to exit codes: {@link
   * BadInputException} to 2 with a one-line message, any other exception to 1 (with its stack trace
   * only under {@code --verbose}).
   */
  public static CommandLine commandLine(HeraldCommand root) {
    CommandLine commandLine = new CommandLine(root);
    commandLine.setExecutionExceptionHandler(
        (e, failed, parsed) -> {
          PrintWriter err = failed.getErr();
          String name = failed.getCommandSpec().qualifiedName();
          if (e instanceof BadInputException) {
            err.println(failed.getColorScheme().errorText(name + ": " + e.getMessage()));
            err.println("Run '" + name + " --help' for usage.");
            err.flush();
            return CommandLine.ExitCode.USAGE;
          }
          String message = e instanceof HeraldException ? e.getMessage() : e.toString();
          err.println(failed.getColorScheme().errorText(name + ": " + message));
          if (root.verbose) {
            e.printStackTrace(err);
          }
          err.flush();
          return CommandLine.ExitCode.SOFTWARE;
        });
    return commandLine;
  }

  @Option(
      names = {"-v", "--verbose"},
      scope = ScopeType.INHERIT,
      description = "Show Herald's logs and the stack trace of failures.")
  void verbose(boolean verbose) {
    this.verbose = verbose;
    if (verbose) {
      // slf4j-simple reads these when the first logger is created, which is after parsing.
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "info");
      System.setProperty("org.slf4j.simpleLogger.log.dev.herald", "debug");
      System.setProperty("org.slf4j.simpleLogger.log.org.apache.kafka", "info");
      System.setProperty("org.slf4j.simpleLogger.log.kafka", "info");
    }
  }

  @Override
  public void run() {
    throw new ParameterException(
        spec.commandLine(),
        "Missing command: bench, broker, crashtest, demo, dlq, publish, run, tail or version");
  }

  /**
   * Opens the transport {@code uri} names.
   *
   * @throws BadInputException if the URI is invalid (Herald rejected it without an underlying
   *     cause, such as an unknown scheme or bad settings)
   * @throws HeraldException if the transport failed to open for another reason
   */
  Transport openTransport(String uri) {
    try {
      return opener.apply(uri);
    } catch (HeraldException e) {
      if (e.getCause() == null) {
        throw new BadInputException("--transport: " + e.getMessage(), e);
      }
      throw e;
    }
  }

  static Charset stdoutCharset() {
    String name = System.getProperty("stdout.encoding");
    try {
      return name == null ? Charset.defaultCharset() : Charset.forName(name);
    } catch (RuntimeException e) {
      return Charset.defaultCharset();
    }
  }

  private static PrintWriter writer(OutputStream stream, Charset charset) {
    return new PrintWriter(new OutputStreamWriter(stream, charset), true);
  }
}
