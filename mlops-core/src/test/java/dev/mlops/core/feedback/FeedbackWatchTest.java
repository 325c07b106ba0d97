package dev.mlops.core.feedback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.Json;
import dev.mlops.core.Progress;
import dev.mlops.core.registry.RetrainDecision;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The watch loop with a real registry and feedback log; the retraining build is a stand-in. */
class FeedbackWatchTest {
  @TempDir Path tmp;
  private FeedbackFixture f;
  private Path output;

  @BeforeEach
  void setUp() throws Exception {
    f = new FeedbackFixture(tmp, true).standardData();
    f.version("pets");
    output = tmp.resolve("watch.jsonl");
  }

  @AfterEach
  void tearDown() {
    f.close();
  }

  private WatchConfig.Builder config() throws Exception {
    return WatchConfig.builder()
        .setIngest(f.config().build())
        .setModel("pets")
        .optIntervalSeconds(0L)
        .setOutput(output)
        .setCacheDirectory(tmp.resolve("cache"));
  }

  private List<WatchCycle> run(WatchConfig config, FeedbackWatch.Retrainer retrainer)
      throws Exception {
    return new FeedbackWatch(tmp.resolve("project"), f.store, Progress.NONE).run(config, retrainer);
  }

  @Test
  void run_aliasNotSetAndBuildFails_recordsEachCycleAndRetriesNextCycle() throws Exception {
    f.feedback(f.stored(FeedbackFixture.png(100)), "cat", "ada");
    List<RetrainDecision> asked = new ArrayList<>();

    List<WatchCycle> cycles =
        run(
            config().optMaxCycles(2).build(),
            d -> {
              asked.add(d);
              return 1;
            });

    assertThat(cycles).hasSize(2);
    WatchCycle first = cycles.get(0);
    assertThat(first.ingested()).isEqualTo(1);
    assertThat(first.datasetVersion()).isEqualTo("v2");
    assertThat(first.due()).isTrue();
    assertThat(first.reasons().get(0)).startsWith("alias production of model pets is not set");
    assertThat(first.buildExitCode()).isEqualTo(1);
    assertThat(first.promotion()).isEqualTo("the retraining build failed: nothing to promote");
    assertThat(cycles.get(1).ingested()).isZero();
    assertThat(cycles.get(1).datasetVersion()).isNull();
    assertThat(asked).hasSize(2);
    List<String> lines = Files.readAllLines(output);
    assertThat(lines).hasSize(2);
    Map<?, ?> line = Json.mapper().readValue(lines.get(0), Map.class);
    assertThat(line.get("buildExitCode")).isEqualTo(1);
    assertThat(line.containsKey("registered")).isFalse();
  }

  @Test
  void run_buildSucceedsWithoutRegistering_saysNoCandidate() throws Exception {
    List<WatchCycle> cycles = run(config().optMaxCycles(1).optPromote(true).build(), d -> 0);

    assertThat(cycles)
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.registered()).isNull();
              assertThat(c.promoted()).isFalse();
              assertThat(c.promotion())
                  .isEqualTo("no version trained on the newest dataset was registered");
              assertThat(c.summary())
                  .isEqualTo(
                      "Watch cycle 1: ingested 0 records; retraining due; build exit code 0; no"
                          + " version trained on the newest dataset was registered");
            });
  }

  @Test
  void run_badFeedbackLog_failsInsteadOfRetrying() throws Exception {
    Files.createDirectories(f.feedback);
    Files.writeString(f.feedback.resolve(FeedbackLog.FILE), "not json\n");

    assertThatThrownBy(() -> run(config().optMaxCycles(3).build(), d -> 0))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("feedback.jsonl:1 is not a feedback record");
    assertThat(output).doesNotExist();
  }

  @Test
  void config_negativeCycles_namesTheSetting() {
    assertThatThrownBy(() -> config().optMaxCycles(-1).build())
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "invalid watch setting: maxCycles is '-1'; must be at least 0 (0: until stopped)");
  }
}
