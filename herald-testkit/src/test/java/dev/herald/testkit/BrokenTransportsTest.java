package dev.herald.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.Events;

/**
 * Proof that the {@link TransportContract} catches broken transports: runs the whole suite against
 * each deliberately broken transport (through the JUnit Platform's engine test kit, since surefire
 * skips those suites) and checks that the suite fails, and that the tests meant to catch the fault
 * are among the failures. A control run through the same wrappers, unbroken, passes everything.
 */
class BrokenTransportsTest {
  /** How long the broken runs wait for what never comes. */
  static final Duration AWAIT_TIMEOUT = Duration.ofSeconds(3);

  @Test
  void unbrokenWrappers_passTheWholeSuite() {
    Events tests = run(ControlTransportContract.class);

    assertThat(names(tests.failed())).as("failed tests").isEmpty();
    assertThat(names(tests.aborted())).as("tests skipped by an assumption").isEmpty();
    assertThat(names(tests.succeeded()))
        .as("passed tests")
        .contains("reopen_keepsEventsAndCommittedOffsets", "append_rejectsDataAboveMaxEventBytes");
  }

  @Test
  void droppingTransport_failsTheTestsThatCountEvents() {
    Events tests = run(DroppingTransportContract.class);

    assertThat(names(tests.failed()))
        .as("tests failed by a transport that drops every 50th event")
        .contains(
            "publish_reachesEveryGroup",
            "publish_keepsOrderPerKey",
            "publish_largeBatchArrivesIntact",
            "publish_concurrentPublishersLoseNothing",
            "restart_resumesAfterTheLastCommit",
            "append_returnsPositionsInInputOrder");
  }

  @Test
  void reorderingTransport_failsTheTestsThatCheckOrder() {
    Events tests = run(ReorderingTransportContract.class);

    assertThat(names(tests.failed()))
        .as("tests failed by a transport that swaps neighbouring deliveries")
        .contains(
            "publish_keepsOrderPerKey",
            "publish_largeBatchArrivesIntact",
            "append_returnsPositionsInInputOrder",
            "seek_movesTheNextReadOfAPartition");
  }

  @Test
  void duplicatingTransport_failsTheTestsOfCompetingConsumers() {
    Events tests = run(DuplicatingTransportContract.class);

    assertThat(names(tests.failed()))
        .as("tests failed by a transport that gives every member all partitions")
        .contains(
            "publish_goesToExactlyOneInstanceOfAGroup",
            "restart_resumesAfterTheLastCommit",
            "startFrom_isIgnoredOnceTheGroupHasCommitted",
            "commit_nextSubscriptionOfTheGroupStartsThere",
            "rebalance_movesPartitionsThroughTheListeners");
  }

  @Test
  void forgetfulTransport_failsThePersistenceTest() {
    Events tests = run(ForgetfulTransportContract.class);

    assertThat(names(tests.failed()))
        .as("tests failed by a transport that forgets everything on reopen")
        .contains("reopen_keepsEventsAndCommittedOffsets");
  }

  /** Runs {@code contract} and returns its test events; a broken run must have failures. */
  private static Events run(Class<? extends TransportContract> contract) {
    Events tests =
        EngineTestKit.engine("junit-jupiter")
            .selectors(selectClass(contract))
            .execute()
            .testEvents();
    assertThat(tests.started().count())
        .as("tests started in %s", contract.getSimpleName())
        .isPositive();
    return tests;
  }

  private static List<String> names(Events events) {
    TreeSet<String> names = new TreeSet<>();
    events.stream()
        .map(Event::getTestDescriptor)
        .map(BrokenTransportsTest::method)
        .flatMap(Optional::stream)
        .forEach(names::add);
    return List.copyOf(names);
  }

  private static Optional<String> method(TestDescriptor descriptor) {
    return descriptor
        .getSource()
        .filter(MethodSource.class::isInstance)
        .map(source -> ((MethodSource) source).getMethodName());
  }
}
