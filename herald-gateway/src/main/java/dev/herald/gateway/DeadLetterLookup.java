package dev.herald.gateway;

import dev.herald.core.DeadLetter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Finds dead letters by id the way {@link dev.herald.core.DeadLetters#show} does. Stateless. */
final class DeadLetterLookup {
  private DeadLetterLookup() {}

  /**
   * The dead letters of {@code group} that {@code ids} name, in their order: each id is a dead
   * letter's own id or, failing that, an event id, which names its latest dead letter.
   *
   * @param every the group's dead letters, resolved ones too, oldest first
   * @throws GatewayProblem 404 naming the ids that name none
   */
  static List<DeadLetter> find(List<DeadLetter> every, String group, List<String> ids) {
    Set<String> ownIds = new HashSet<>();
    every.forEach(letter -> ownIds.add(letter.id()));
    List<DeadLetter> found = new ArrayList<>();
    Set<String> missing = new LinkedHashSet<>();
    for (String id : ids) {
      Optional<DeadLetter> match =
          ownIds.contains(id)
              ? every.stream().filter(letter -> letter.id().equals(id)).findFirst()
              : every.stream()
                  .filter(letter -> letter.envelope().id().equals(id))
                  .reduce((a, b) -> b);
      match.ifPresentOrElse(found::add, () -> missing.add(id));
    }
    if (!missing.isEmpty()) {
      throw GatewayProblem.notFound(
          "no-such-dead-letter",
          "group "
              + group
              + " has no dead letter "
              + String.join(", ", missing)
              + " (neither a dead letter's id nor a dead event's id); GET /admin/groups/"
              + group
              + "/dead-letters?all=true lists them");
    }
    return found;
  }
}
