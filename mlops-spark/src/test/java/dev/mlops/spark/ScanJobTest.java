package dev.mlops.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.MlopsException;
import dev.mlops.core.Progress;
import dev.mlops.core.data.DatasetScanner;
import dev.mlops.core.data.ManifestEntry;
import dev.mlops.core.data.ScanConfig;
import dev.mlops.core.data.ScanResult;
import dev.mlops.core.data.SplitPolicy;
import dev.mlops.core.store.ObjectStore;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScanJobTest {
  private static SparkSession spark;

  @TempDir Path temp;

  @BeforeAll
  static void start() {
    spark = SparkSessions.open("local[2]", "scan-job-test");
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  private static ScanResult local(Path dir, SplitPolicy policy) throws MlopsException {
    return new DatasetScanner(Progress.NONE).scan(new ScanConfig(dir, policy, null, 2));
  }

  @Test
  void run_classFoldersWithOddities_manifestAndIdEqualTheLocalScanAndObjectsVerify()
      throws Exception {
    Path data = temp.resolve("data");
    Images.dataset(data, "", 100, 0);
    // Names that need escaping in messages, and a link the scanner does not follow.
    Images.write(data.resolve("cat/line\nbreak\\back:colon é.png"), 7777);
    Files.createSymbolicLink(data.resolve("dog/link.png"), data.resolve("cat/img-1.jpg"));
    SplitPolicy policy = new SplitPolicy(0.7, 0.2, 0.1, 7);
    Path store = temp.resolve("store");

    ScanJob.Result spark = ScanJob.run(ScanJobTest.spark, config(data.toString(), policy, store));
    ScanResult local = local(data, policy);

    assertThat(spark.manifest().entries()).hasSize(304);
    assertThat(spark.manifest().toCanonicalJson()).isEqualTo(local.manifest().toCanonicalJson());
    assertThat(spark.manifest().id()).isEqualTo(local.manifest().id());
    assertThat(spark.otherFiles())
        .containsExactlyInAnyOrderElementsOf(local.otherFiles())
        .contains("cat/notes.txt", "bird/nested/deeper.png", "README.md");
    assertThat(spark.symbolicLinks())
        .isEqualTo(local.symbolicLinks())
        .containsExactly("dog/link.png");
    ObjectStore objects = new ObjectStore(store);
    for (ManifestEntry e : spark.manifest().entries()) {
      objects.verify(e.sha256());
      assertThat(Files.size(objects.objectPath(e.sha256()))).isEqualTo(e.size());
    }
    try (var stream = Files.list(store.resolve("tmp"))) {
      assertThat(stream).as("temporary files left in the store").isEmpty();
    }
  }

  @Test
  void run_splitFoldersThroughHadoopFileUri_equalsTheLocalScan() throws Exception {
    Path data = temp.resolve("split");
    Images.dataset(data, "train/", 30, 10_000);
    for (int i = 0; i < 5; i++) {
      Images.write(data.resolve("val/cat/v" + i + ".png"), 20_000 + 2 * i);
      Images.write(data.resolve("test/dog/t" + i + ".png"), 30_000 + 2 * i);
    }
    ScanJob.Config config =
        new ScanJob.Config(data.toUri().toString(), SplitPolicy.DEFAULT, null, 3, true);

    ScanJob.Result spark = ScanJob.run(ScanJobTest.spark, config);
    ScanResult local = local(data, SplitPolicy.DEFAULT);

    assertThat(spark.manifest().toCanonicalJson()).isEqualTo(local.manifest().toCanonicalJson());
    assertThat(spark.manifest().id()).isEqualTo(local.manifest().id());
    assertThat(spark.otherFiles()).containsExactlyInAnyOrderElementsOf(local.otherFiles());
  }

  @Test
  void run_missingDirectoryOrMixedLayout_failsLikeTheLocalScan() throws Exception {
    Path missing = temp.resolve("missing");
    assertThatThrownBy(() -> ScanJob.run(spark, ScanJob.Config.of(missing.toString())))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(messageOf(missing));
    Path mixed = temp.resolve("mixed");
    Images.write(mixed.resolve("train/cat/a.png"), 2);
    Images.write(mixed.resolve("cat/b.png"), 4);
    assertThatThrownBy(() -> ScanJob.run(spark, ScanJob.Config.of(mixed.toString())))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(messageOf(mixed));
  }

  private static String messageOf(Path dir) {
    try {
      local(dir, SplitPolicy.DEFAULT);
      throw new AssertionError("the local scan of " + dir + " did not fail");
    } catch (MlopsException e) {
      return e.getMessage();
    }
  }

  private static ScanJob.Config config(String data, SplitPolicy policy, Path store) {
    return new ScanJob.Config(data, policy, store.toString(), 0, false);
  }
}
