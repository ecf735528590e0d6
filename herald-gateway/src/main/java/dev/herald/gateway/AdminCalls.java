package dev.herald.gateway;

import dev.herald.core.HeraldException;
import java.time.Duration;
import java.util.function.Supplier;

/** Runs the admin API's calls to the transport, turning their failures into 503 problems. */
final class AdminCalls {
  private static final Duration RETRY_AFTER = Duration.ofSeconds(5);

  private AdminCalls() {}

  /**
   * What {@code call} returns.
   *
   * @param what what the transport is asked to do, for the message, such as "list its topics"
   * @throws GatewayProblem 503 if the transport fails (a problem {@code call} throws passes as is)
   */
  static <T> T ask(String what, Supplier<T> call) {
    try {
      return call.get();
    } catch (GatewayProblem e) {
      throw e;
    } catch (HeraldException e) {
      throw GatewayProblem.unavailable(
          "the transport could not " + what + ": " + e.getMessage() + "; try again", RETRY_AFTER);
    }
  }
}
