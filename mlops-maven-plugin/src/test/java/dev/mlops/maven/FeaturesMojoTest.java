package dev.mlops.maven;

import static org.apache.maven.api.plugin.testing.MojoExtension.setVariableValueToObject;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.features.FeatureStore;
import dev.mlops.core.features.FeatureView;
import dev.mlops.maven.it.ItFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The features goal: image-stats materialized once per content hash, a summary line per view,
 * unreadable images listed, bad views and a missing registered model named with the fix. The
 * embedding view with a real registered model runs in the IT {@code features}.
 */
@MojoTest
class FeaturesMojoTest {
  @TempDir Path tmp;

  private final CapturingLog log = new CapturingLog();
  private Path project;

  @BeforeEach
  void setUp() throws Exception {
    project = Files.createDirectories(tmp.resolve("project"));
    ItFixtures.writeDataset(
        project.resolve("data").toFile(), List.of("train", "test"), List.of("a", "b"), 3, 1);
  }

  private FeaturesMojo prepare(FeaturesMojo mojo) throws Exception {
    mojo.setLog(log);
    MavenProject maven = new MavenProject();
    maven.setFile(project.resolve("pom.xml").toFile());
    maven.getBuild().setDirectory(project.resolve("target").toString());
    setVariableValueToObject(mojo, "project", maven);
    setVariableValueToObject(mojo, "store", tmp.resolve("store").toFile());
    setVariableValueToObject(mojo, "dataDirectory", project.resolve("data").toFile());
    setVariableValueToObject(mojo, "model", "digits");
    setVariableValueToObject(mojo, "views", "image-stats");
    setVariableValueToObject(mojo, "batchSize", 64);
    return mojo;
  }

  @Test
  @InjectMojo(goal = "features")
  void imageStats_computedOnce_thenReused(FeaturesMojo mojo) throws Exception {
    prepare(mojo).execute();
    assertThat(log.lines)
        .anyMatch(
            l ->
                l.matches(
                    "\\[INFO] features image-stats: 12 computed, 0 reused, 0 failed in [0-9.]+ s"));
    log.lines.clear();

    mojo.execute();

    assertThat(log.lines)
        .anyMatch(
            l ->
                l.matches(
                    "\\[INFO] features image-stats: 0 computed, 12 reused, 0 failed in [0-9.]+ s"));
    try (FeatureStore store = FeatureStore.open(tmp.resolve("store"))) {
      assertThat(store.count(FeatureView.IMAGE_STATS)).isEqualTo(12);
    }
  }

  @Test
  @InjectMojo(goal = "features")
  void newAndUnreadableImages_onlyTheNewComputed_unreadableListed(FeaturesMojo mojo)
      throws Exception {
    prepare(mojo).execute();
    log.lines.clear();
    ItFixtures.writeDataset(
        project.resolve("data").toFile(), List.of("val"), List.of("a", "b"), 1, 50);
    Files.write(project.resolve("data/val/a/broken.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G'});

    mojo.execute();

    assertThat(log.lines)
        .anyMatch(
            l ->
                l.matches(
                    "\\[INFO] features image-stats: 2 computed, 12 reused, 1 failed in [0-9.]+ s"))
        .anyMatch(
            l -> l.startsWith("[WARNING] features image-stats: could not read val/a/broken.png: "));
  }

  @Test
  @InjectMojo(goal = "features")
  void unknownView_failsNamingItAndTheViews(FeaturesMojo mojo) throws Exception {
    prepare(mojo);
    setVariableValueToObject(mojo, "views", "image-stats,colour");

    assertThatThrownBy(mojo::execute)
        .isInstanceOf(MojoFailureException.class)
        .hasMessageStartingWith(
            "unknown feature view 'colour' in views; the views are image-stats and embedding")
        .hasMessageContaining("-Dmlops.features.views=...");
  }

  @Test
  @InjectMojo(goal = "features")
  void embeddingWithoutRegisteredModel_failsSayingToRegister(FeaturesMojo mojo) throws Exception {
    ItFixtures.initRepository(project.toFile());
    prepare(mojo);
    setVariableValueToObject(mojo, "views", "embedding");

    assertThatThrownBy(mojo::execute)
        .isInstanceOf(MojoFailureException.class)
        .hasMessageStartingWith(
            "the embedding view needs a registered version of model digits, and it has none;"
                + " register one first");
  }
}
