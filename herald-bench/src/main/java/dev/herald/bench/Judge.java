package dev.herald.bench;

import java.util.Locale;
import java.util.Optional;

/**
 * Judges a median against a bound: at least it, or (when {@code under}) below it; the formats show
 * the bound and the median.
 */
record Judge(String goalFormat, String resultFormat, double bound, boolean under) {
  static Judge atLeast(String goalFormat, String resultFormat, double bound) {
    return new Judge(goalFormat, resultFormat, bound, false);
  }

  static Judge below(String goalFormat, String resultFormat, double bound) {
    return new Judge(goalFormat, resultFormat, bound, true);
  }

  static Judge eventsPerSecond(double atLeast) {
    return atLeast(">= %,.0f ev/s", "%,.0f ev/s", atLeast);
  }

  /** At least {@code bound} times a baseline, such as {@code >= 0.80x}. */
  static Judge ratio(double atLeast) {
    return atLeast(">= %.2fx", "%.2fx", atLeast);
  }

  /** {@code what} judged on {@code measured}; {@code whyNot} says why it was not measured. */
  Target target(String what, Optional<Double> measured, String whyNot) {
    String goal = String.format(Locale.ROOT, goalFormat, bound);
    if (measured.isEmpty()) {
      return new Target(what, goal, Target.Status.NOT_MEASURED, whyNot);
    }
    double value = measured.get();
    boolean met = under ? value < bound : value >= bound;
    return new Target(
        what,
        goal,
        met ? Target.Status.MET : Target.Status.MISSED,
        String.format(Locale.ROOT, resultFormat, value));
  }
}
