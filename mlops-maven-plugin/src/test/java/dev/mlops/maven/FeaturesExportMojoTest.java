package dev.mlops.maven;

import static org.apache.maven.api.plugin.testing.MojoExtension.setVariableValueToObject;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.Progress;
import dev.mlops.core.data.DatasetScanner;
import dev.mlops.core.data.Manifest;
import dev.mlops.core.data.ManifestEntry;
import dev.mlops.core.data.ScanConfig;
import dev.mlops.core.data.SplitPolicy;
import dev.mlops.core.data.version.DatasetVersions;
import dev.mlops.core.data.version.VersionRequest;
import dev.mlops.core.features.FeatureStore;
import dev.mlops.core.features.ImageRef;
import dev.mlops.core.git.RegistryRepository;
import dev.mlops.core.store.ObjectStore;
import dev.mlops.maven.it.ItFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * features-export on a real registry and feature store: the summary line, Parquet written on the
 * plugin's class path (which has no Hadoop), a registered version by {@code -Dmlops.version}, and
 * missing values or a wrong extension as BUILD FAILURE naming the property.
 */
@MojoTest
class FeaturesExportMojoTest {
  @TempDir Path tmp;

  private final CapturingLog log = new CapturingLog();
  private Path project;
  private Manifest manifest;

  @BeforeEach
  void setUp() throws Exception {
    project = Files.createDirectories(tmp.resolve("project"));
    ItFixtures.writeDataset(
        project.resolve("data").toFile(), List.of("train", "test"), List.of("a", "b"), 2, 1);
    ItFixtures.initRepository(project.toFile());
    manifest =
        new DatasetScanner(Progress.NONE)
            .scan(new ScanConfig(project.resolve("data"), SplitPolicy.DEFAULT, null))
            .manifest();
    try (RegistryRepository repo = RegistryRepository.open(project)) {
      new DatasetVersions(repo, new ObjectStore(tmp.resolve("store")), Progress.NONE)
          .version(
              new VersionRequest(
                  "digits", manifest, project.resolve("data"), Optional.empty(), false));
    }
  }

  private void materialize(List<ManifestEntry> entries) throws Exception {
    try (FeatureStore features = FeatureStore.open(tmp.resolve("store"))) {
      features.materialize(
          entries.stream()
              .map(
                  e ->
                      new ImageRef(e.sha256(), project.resolve("data").resolve(e.path()), e.path()))
              .toList(),
          Progress.NONE);
    }
  }

  private FeaturesExportMojo prepare(FeaturesExportMojo mojo, String output) throws Exception {
    mojo.setLog(log);
    MavenProject maven = new MavenProject();
    maven.setFile(project.resolve("pom.xml").toFile());
    maven.getBuild().setDirectory(project.resolve("target").toString());
    setVariableValueToObject(mojo, "project", maven);
    setVariableValueToObject(mojo, "store", tmp.resolve("store").toFile());
    setVariableValueToObject(mojo, "dataDirectory", project.resolve("data").toFile());
    setVariableValueToObject(mojo, "dataset", "digits");
    setVariableValueToObject(mojo, "splitFractions", "0.8,0.1,0.1");
    setVariableValueToObject(mojo, "featuresView", "image-stats");
    setVariableValueToObject(mojo, "featuresOutput", project.resolve(output).toFile());
    return mojo;
  }

  @Test
  @InjectMojo(goal = "features-export")
  void export_parquetOfTheCurrentData_writesEveryImageAndLogsTheSummary(FeaturesExportMojo mojo)
      throws Exception {
    materialize(manifest.entries());

    prepare(mojo, "out/f.parquet").execute();

    Path out = project.resolve("out/f.parquet");
    assertThat(Files.readAllBytes(out)).startsWith("PAR1".getBytes());
    assertThat(log.lines)
        .anyMatch(
            l ->
                l.startsWith("[INFO] features-export image-stats: 8 rows (14 columns) to " + out)
                    && l.contains("0 skipped without values"));
  }

  @Test
  @InjectMojo(goal = "features-export")
  void export_registeredVersion_readsItsManifestFromTheRegistry(FeaturesExportMojo mojo)
      throws Exception {
    materialize(manifest.entries());
    // the data directory changes after v1: v1's export still has v1's images
    ItFixtures.writeDataset(
        project.resolve("data").toFile(), List.of("train"), List.of("c"), 3, 50);
    prepare(mojo, "v1.csv");
    setVariableValueToObject(mojo, "version", "v1");

    mojo.execute();

    List<String> lines = Files.readAllLines(project.resolve("v1.csv"));
    assertThat(lines).hasSize(1 + manifest.entries().size());
    assertThat(lines.get(0)).startsWith("sha256,path,split,label,brightness,contrast,mean_red");
    assertThat(String.join("\n", lines)).doesNotContain("/c/");
  }

  @Test
  @InjectMojo(goal = "features-export")
  void export_imagesWithoutValues_isBuildFailureNamingSkipMissing(FeaturesExportMojo mojo)
      throws Exception {
    materialize(manifest.entries().subList(0, 5));
    prepare(mojo, "f.csv");

    assertThatThrownBy(mojo::execute)
        .isInstanceOf(MojoFailureException.class)
        .hasMessageContaining("3 of 8 images have no image-stats values")
        .hasMessageContaining("-Dmlops.features-export.skipMissing=true");
    assertThat(project.resolve("f.csv")).doesNotExist();

    setVariableValueToObject(mojo, "skipMissing", true);
    mojo.execute();
    assertThat(log.lines).anyMatch(l -> l.contains("5 rows") && l.contains("3 skipped"));
  }

  @Test
  @InjectMojo(goal = "features-export")
  void export_otherExtension_isBuildFailureNamingTheOutputProperty(FeaturesExportMojo mojo)
      throws Exception {
    prepare(mojo, "f.json");

    assertThatThrownBy(mojo::execute)
        .isInstanceOf(MojoFailureException.class)
        .hasMessageContaining("f.json")
        .hasMessageContaining(".parquet")
        .hasMessageContaining(".csv")
        .hasMessageEndingWith(
            "(<featuresOutput> in the plugin configuration, or -Dmlops.features.output=...)");
  }
}
