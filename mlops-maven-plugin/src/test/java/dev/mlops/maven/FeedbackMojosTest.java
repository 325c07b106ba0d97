package dev.mlops.maven;

import static org.apache.maven.api.plugin.testing.MojoExtension.setVariableValueToObject;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.Json;
import dev.mlops.core.Progress;
import dev.mlops.core.data.DatasetScanner;
import dev.mlops.core.data.ScanConfig;
import dev.mlops.core.data.SplitPolicy;
import dev.mlops.core.data.version.DatasetVersions;
import dev.mlops.core.data.version.VersionRequest;
import dev.mlops.core.feedback.FeedbackLog;
import dev.mlops.core.feedback.FeedbackRecord;
import dev.mlops.core.git.RegistryRepository;
import dev.mlops.core.store.ObjectStore;
import dev.mlops.maven.it.ItFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ingest-feedback and watch on a real Git registry, store and feedback log: the log lines users
 * read, the outcome file, and bad settings as BUILD FAILURE naming the property.
 */
@MojoTest
class FeedbackMojosTest {
  @TempDir Path tmp;

  private final CapturingLog log = new CapturingLog();
  private Path project;
  private ObjectStore store;

  @BeforeEach
  void setUp() throws Exception {
    project = Files.createDirectories(tmp.resolve("project"));
    ItFixtures.writeDataset(
        project.resolve("data").toFile(), List.of("train", "test"), List.of("a", "b"), 2, 1);
    ItFixtures.initRepository(project.toFile());
    store = new ObjectStore(tmp.resolve("store"));
    try (RegistryRepository repo = RegistryRepository.open(project)) {
      var manifest =
          new DatasetScanner(Progress.NONE)
              .scan(new ScanConfig(project.resolve("data"), SplitPolicy.DEFAULT, null))
              .manifest();
      new DatasetVersions(repo, store, Progress.NONE)
          .version(
              new VersionRequest(
                  "digits", manifest, project.resolve("data"), Optional.empty(), false));
    }
  }

  private <T extends AbstractMojo> T prepare(T mojo) throws Exception {
    mojo.setLog(log);
    MavenProject maven = new MavenProject();
    maven.setFile(project.resolve("pom.xml").toFile());
    maven.getBuild().setDirectory(project.resolve("target").toString());
    setVariableValueToObject(mojo, "project", maven);
    setVariableValueToObject(mojo, "store", tmp.resolve("store").toFile());
    setVariableValueToObject(mojo, "dataDirectory", project.resolve("data").toFile());
    setVariableValueToObject(mojo, "dataset", "digits");
    setVariableValueToObject(mojo, "splitFractions", "0.8,0.1,0.1");
    setVariableValueToObject(mojo, "feedbackDirectory", project.resolve("feedback").toFile());
    return mojo;
  }

  /** A new image in the store with a correction to label {@code b}. */
  private String correction(long seed) throws Exception {
    Path image = tmp.resolve("new-" + seed + ".png");
    ItFixtures.writeImage(image.toFile(), seed, 24);
    String sha = store.put(image);
    try (FeedbackLog feedback = FeedbackLog.openForAppend(project.resolve("feedback"))) {
      feedback.append(
          new FeedbackRecord(0, null, "digits", "v1", "a", "b", false, null, sha, "ada", null));
    }
    return sha;
  }

  @Test
  @InjectMojo(goal = "ingest-feedback")
  void ingestFeedback_oneCorrection_logsTheNewVersion(IngestFeedbackMojo mojo) throws Exception {
    String sha = correction(500);

    prepare(mojo).execute();

    assertThat(log.lines)
        .contains(
            "[INFO] Ingested feedback records 1..1 (1) into dataset digits v2 (parent: v1): 1 new,"
                + " 0 relabelled, 0 unchanged, 0 skipped (0 proposing new classes)");
    assertThat(project.resolve("data/train/b/fb-" + sha.substring(0, 12) + ".png")).exists();
  }

  @Test
  @InjectMojo(goal = "ingest-feedback")
  void ingestFeedback_noFeedback_saysSoAndCreatesNothing(IngestFeedbackMojo mojo) throws Exception {
    prepare(mojo).execute();

    assertThat(log.lines)
        .containsExactly(
            "[INFO] No new feedback for dataset digits: the log ends at record 0; nothing to"
                + " version");
  }

  @Test
  @InjectMojo(goal = "ingest-feedback")
  void ingestFeedback_badSplit_isBuildFailureNamingTheProperty(IngestFeedbackMojo mojo)
      throws Exception {
    prepare(mojo);
    setVariableValueToObject(mojo, "split", "0.9,0.2");

    assertThatThrownBy(mojo::execute)
        .isInstanceOf(MojoFailureException.class)
        .hasMessageContaining("feedback split '0.9,0.2' are not valid")
        .hasMessageContaining("-Dmlops.ingest-feedback.split=...");
  }

  @Test
  @InjectMojo(goal = "watch")
  void watch_feedbackMakesRetrainingDue_runsTheBuildAndRecordsTheCycle(WatchMojo mojo)
      throws Exception {
    correction(501);
    prepare(mojo);
    setVariableValueToObject(mojo, "model", "digits");
    setVariableValueToObject(mojo, "alias", "production");
    setVariableValueToObject(mojo, "maxCycles", 2);
    setVariableValueToObject(mojo, "intervalSeconds", 0L);
    // A build that succeeds without registering anything: the cycle says so.
    setVariableValueToObject(mojo, "goals", "-v");
    setVariableValueToObject(mojo, "buildTimeoutMinutes", 5);
    Path output = project.resolve("target/mlops/watch.jsonl");
    setVariableValueToObject(mojo, "output", output.toFile());

    mojo.execute();

    List<Map<String, Object>> cycles = new java.util.ArrayList<>();
    for (String line : Files.readAllLines(output)) {
      cycles.add(read(line));
    }
    assertThat(cycles).hasSize(2);
    assertThat(cycles.get(0))
        .containsEntry("cycle", 1)
        .containsEntry("ingested", 1)
        .containsEntry("datasetVersion", "v2")
        .containsEntry("due", true)
        .containsEntry("buildExitCode", 0)
        .containsEntry("promotion", "no version trained on the newest dataset was registered")
        .doesNotContainKey("registered");
    assertThat(cycles.get(1)).containsEntry("ingested", 0).doesNotContainKey("datasetVersion");
    assertThat(log.lines)
        .contains(
            "[INFO] Watch cycle 1: ingested 1 record into dataset v2; retraining due; build exit"
                + " code 0; no version trained on the newest dataset was registered",
            "[INFO] Watch ended after 2 cycles (outcomes in " + output + ")");
    assertThat(project.resolve("target/mlops/watch-build.log")).content().contains("Apache Maven");
  }

  @Test
  @InjectMojo(goal = "watch")
  void watch_negativeInterval_isBuildFailureNamingTheProperty(WatchMojo mojo) throws Exception {
    prepare(mojo);
    setVariableValueToObject(mojo, "model", "digits");
    setVariableValueToObject(mojo, "intervalSeconds", -1L);
    setVariableValueToObject(mojo, "output", project.resolve("target/w.jsonl").toFile());

    assertThatThrownBy(mojo::execute)
        .isInstanceOf(MojoFailureException.class)
        .hasMessageContaining("intervalSeconds is '-1'")
        .hasMessageContaining("-Dmlops.watch.intervalSeconds=...");
  }

  private static Map<String, Object> read(String json) {
    try {
      return Json.mapper()
          .readValue(json, new com.fasterxml.jackson.core.type.TypeReference<>() {});
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
