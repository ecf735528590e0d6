package dev.herald.gateway;

import dev.herald.core.DeadLetter;
import dev.herald.core.DeadLetterReason;
import dev.herald.core.DeadLetters;
import java.util.ArrayList;
import java.util.List;

/** What the admin API does to selected dead letters: replay them or purge them. */
sealed interface DeadLetterAction {
  /** The verb, such as {@code replay}, for messages. */
  String verb();

  /** Acts on one dead letter, named by its id or its event's id. */
  DeadLetters.Outcome act(DeadLetters letters, String id);

  /** Acts on the pending dead letters {@code matching} selects. */
  DeadLetters.Outcome act(DeadLetters letters, DeadLetterSelection.Matching matching);

  /**
   * Refuses a dead letter it cannot act on; accepts any by default.
   *
   * @throws GatewayProblem 409 saying why and what to do instead
   */
  default void check(DeadLetter letter) {}

  /** Acts on each of {@code ids} in turn, which all exist. */
  default Result act(DeadLetters letters, DeadLetterSelection.Ids ids) {
    int count = 0;
    List<DeadLetter> done = new ArrayList<>();
    List<String> messages = new ArrayList<>();
    for (String id : ids.ids()) {
      DeadLetters.Outcome outcome = act(letters, id);
      count += outcome.count();
      done.addAll(outcome.deadLetters());
      messages.add(outcome.message());
    }
    return new Result(count, done, String.join("; ", messages));
  }

  /** Sends dead letters back to their group, to be handled again. */
  record Replay() implements DeadLetterAction {
    @Override
    public String verb() {
      return "replay";
    }

    @Override
    public DeadLetters.Outcome act(DeadLetters letters, String id) {
      return letters.replay(id);
    }

    @Override
    public DeadLetters.Outcome act(DeadLetters letters, DeadLetterSelection.Matching matching) {
      return letters.replay(matching.filter());
    }

    @Override
    public void check(DeadLetter letter) {
      if (letter.reason() == DeadLetterReason.UNREADABLE
          && letter.status() == DeadLetter.Status.PENDING) {
        throw new GatewayProblem(
            409,
            "cannot-replay",
            "Conflict",
            "dead letter "
                + letter.id()
                + " is a record the transport could not read ("
                + letter.error()
                + "); a replay would fail the same way, purge it instead");
      }
    }
  }

  /** Gives up on dead letters. */
  record Purge() implements DeadLetterAction {
    @Override
    public String verb() {
      return "purge";
    }

    @Override
    public DeadLetters.Outcome act(DeadLetters letters, String id) {
      return letters.purge(id);
    }

    @Override
    public DeadLetters.Outcome act(DeadLetters letters, DeadLetterSelection.Matching matching) {
      return letters.purge(matching.filter());
    }
  }

  /**
   * What an action did.
   *
   * @param count how many dead letters it replayed or purged
   * @param deadLetters those dead letters, as they were before
   * @param message what was done, or why nothing was, for a person
   */
  record Result(int count, List<DeadLetter> deadLetters, String message) {
    public Result {
      deadLetters = List.copyOf(deadLetters);
    }

    static Result of(DeadLetters.Outcome outcome) {
      return new Result(outcome.count(), outcome.deadLetters(), outcome.message());
    }

    static Result nothing(String message) {
      return new Result(0, List.of(), message);
    }
  }
}
