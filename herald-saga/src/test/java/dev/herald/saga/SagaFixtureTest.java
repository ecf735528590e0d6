package dev.herald.saga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.core.EventType;
import dev.herald.core.HeraldException;
import java.time.Duration;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The fixture's own promises: what it runs, and what its failures say. */
class SagaFixtureTest {
  @EventType(name = "test.job.started", key = "id")
  record JobStarted(String id, int steps) {}

  @EventType(name = "test.job.poked", key = "id")
  record JobPoked(String id) {}

  @EventType(name = "test.job.work", key = "id")
  record DoWork(String id, int step) {}

  record Job(int steps, int done) {}

  /** Works one step a minute, each firing scheduling the next, until it has done them all. */
  private static final Saga<Job> JOB =
      Saga.builder("job", Job.class, new Job(0, 0))
          .startedBy(
              JobStarted.class,
              JobStarted::id,
              (job, started, context) -> {
                context.schedule("tick", Duration.ofMinutes(1));
                return new Job(started.steps(), 0);
              })
          .on(
              JobPoked.class,
              JobPoked::id,
              (job, poked, context) -> {
                throw new IllegalStateException("poked while busy");
              })
          .onDeadline(
              "tick",
              (job, context) -> {
                context.publish(new DoWork(context.key(), job.done() + 1));
                if (job.done() + 1 < job.steps()) {
                  context.schedule("tick", Duration.ofMinutes(1));
                } else {
                  context.end();
                }
                return new Job(job.steps(), job.done() + 1);
              })
          .build();

  @Test
  void timeElapsing_firesChainedDeadlinesAtTheirDueTimes_inOrder() {
    SagaFixture.of(JOB)
        .given(new JobStarted("j", 3))
        .whenTimeElapses(Duration.ofMinutes(2).plusSeconds(30))
        .thenPublished(new DoWork("j", 1), new DoWork("j", 2))
        .thenScheduled("tick", Duration.ofMinutes(1))
        .whenTimeElapses(Duration.ofSeconds(30))
        .thenPublished(new DoWork("j", 3))
        .thenEnded();
  }

  @Test
  void thenPublished_saysWhatWasExpected_whatWasPublished_andTheHistory() {
    SagaFixture<Job> fixture =
        SagaFixture.of(JOB).given(new JobStarted("j", 2)).whenTimeElapses(Duration.ofMinutes(1));

    assertThatThrownBy(() -> fixture.thenPublished(new DoWork("j", 7)))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("saga job:")
        .hasMessageContaining("expected published [DoWork[id=j, step=7]]")
        .hasMessageContaining("but      published [DoWork[id=j, step=1]]")
        .hasMessageContaining("given    [JobStarted[id=j, steps=2]]")
        .hasMessageContaining("when     time elapses PT1M");
  }

  @Test
  void thenScheduled_listsWhatWasScheduled_whenItDiffers() {
    SagaFixture<Job> fixture = SagaFixture.of(JOB).when(new JobStarted("j", 2));

    fixture.thenScheduled("tick", Duration.ofMinutes(1));
    assertThatThrownBy(() -> fixture.thenScheduled("tick", Duration.ofMinutes(5)))
        .hasMessageContaining("expected deadline tick scheduled in PT5M")
        .hasMessageContaining("but      scheduled [tick in PT1M]");
  }

  @Test
  void thenEnded_andThenIgnored_sayWhatHappenedInstead() {
    SagaFixture<Job> fixture = SagaFixture.of(JOB).when(new JobStarted("j", 2));

    assertThatThrownBy(fixture::thenEnded)
        .hasMessageContaining("expected the instance to end")
        .hasMessageContaining("instance j ran on (deadlines now [tick])");
    assertThatThrownBy(fixture::thenIgnored).hasMessageContaining("expected the saga to ignore");
  }

  @Test
  void aStepThatThrows_isReported_byThenFailed_andByEveryOtherThen() {
    SagaFixture<Job> fixture =
        SagaFixture.of(JOB).given(new JobStarted("j", 2)).when(new JobPoked("j"));

    fixture.thenFailed(IllegalStateException.class, "poked while busy");
    assertThatThrownBy(fixture::thenNothingPublished)
        .hasMessageContaining("but      it threw java.lang.IllegalStateException: poked while busy")
        .hasCauseInstanceOf(IllegalStateException.class);
  }

  @Test
  void aGivenEventWhoseStepThrows_failsTheTestAtOnce() {
    SagaFixture<Job> fixture = SagaFixture.of(JOB).given(new JobStarted("j", 2));

    assertThatThrownBy(() -> fixture.given(new JobPoked("j")))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("expected given JobPoked[id=j] to be handled");
  }

  @Test
  void anEventTheSagaDoesNotReactTo_failsWithTheTypesItDoes() {
    assertThatThrownBy(() -> SagaFixture.of(JOB).when(new DoWork("j", 1)))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("does not react to DoWork")
        .hasMessageContaining("JobStarted");
  }

  record Unstorable(Supplier<String> name) {}

  @Test
  void aStateThatCannotBeStored_failsInTheFixture_asItWouldInTheRunner() {
    Saga<Unstorable> saga =
        Saga.builder("unstorable", Unstorable.class, new Unstorable(() -> "x"))
            .startedBy(JobStarted.class, JobStarted::id, (state, started, context) -> state)
            .build();

    SagaFixture.of(saga)
        .when(new JobStarted("j", 1))
        .thenFailed(HeraldException.class, "does not read as Unstorable");
  }

  @Test
  void schedulingADeadlineWithNoHandler_failsTheStep_sayingWhatToAdd() {
    Saga<Job> saga =
        Saga.builder("nohandler", Job.class, new Job(0, 0))
            .startedBy(
                JobStarted.class,
                JobStarted::id,
                (job, started, context) -> {
                  context.schedule("remind", Duration.ofHours(1));
                  return job;
                })
            .build();

    SagaFixture<Job> fixture = SagaFixture.of(saga).when(new JobStarted("j", 1));

    fixture.thenFailed(HeraldException.class, "add onDeadline(\"remind\", …) to the saga");
    assertThat(fixture.instance("j")).isEmpty();
  }
}
