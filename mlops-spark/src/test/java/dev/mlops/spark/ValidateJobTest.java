package dev.mlops.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.core.Json;
import dev.mlops.core.Progress;
import dev.mlops.core.data.DatasetScanner;
import dev.mlops.core.data.ScanConfig;
import dev.mlops.core.data.ScanResult;
import dev.mlops.core.data.SplitPolicy;
import dev.mlops.core.data.validate.DataValidator;
import dev.mlops.core.data.validate.Finding;
import dev.mlops.core.data.validate.ValidationConfig;
import dev.mlops.core.data.validate.ValidationResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidateJobTest {
  /** Fields of {@code stats} that measure this run, not the data: wall and CPU time, threads. */
  private static final List<String> RUN_COST =
      List.of("seconds", "inspectSeconds", "decodeSeconds", "threads");

  @TempDir static Path dir;
  private static Path data;
  private static SparkSession spark;

  @BeforeAll
  static void start() throws IOException {
    data = dir.resolve("data");
    FaultyDataset.write(data);
    spark = SparkSessions.open("local[2]", "validate-job-test");
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void run_faultyDataset_writesTheFindingsOfTheLocalValidation() throws Exception {
    ValidationConfig config =
        ValidationConfig.builder().optMinWidth(8).optMinHeight(8).optThreads(2).build();
    Path local = dir.resolve("local/validation.json");
    ValidationResult expected = validateLocally(config, local);
    Path output = dir.resolve("spark/validation.json");

    ValidateJobResult result = ValidateJob.run(spark, ValidateJobConfig.of(data, output, config));

    assertThat(expected.findings())
        .extracting(Finding::check)
        .contains(
            "decodable",
            "oversized",
            "imbalance",
            "duplicates",
            "leakage",
            "near-duplicates",
            "min-size",
            "channels",
            "other-files");
    assertThat(expected.findings().stream().filter(f -> f.check().equals("decodable"))).hasSize(3);
    assertThat(result.nearDuplicatePairs()).isEqualTo(2);
    assertThat(result.validation().findings()).isEqualTo(expected.findings());
    assertThat(withoutRunCost(output)).isEqualTo(withoutRunCost(local));
  }

  @Test
  void run_outputOfTheSameInputs_reusesItWithoutSpark() throws Exception {
    ValidationConfig config = ValidationConfig.builder().optMaxImbalance(3.0).build();
    Path local = dir.resolve("local3/validation.json");
    validateLocally(config, local);
    Path output = dir.resolve("spark3/validation.json");
    ValidateJob.run(spark, ValidateJobConfig.of(data, output, config));

    ValidateJobResult again = ValidateJob.run(spark, ValidateJobConfig.of(data, output, config));
    ValidateJobResult ofLocal = ValidateJob.run(spark, ValidateJobConfig.of(data, local, config));
    ValidateJobResult otherSettings =
        ValidateJob.run(
            spark,
            ValidateJobConfig.of(
                data, output, ValidationConfig.builder().optMaxImbalance(4.0).build()));

    assertThat(again.reused()).isTrue();
    assertThat(ofLocal.reused()).isTrue();
    assertThat(otherSettings.reused()).isFalse();
  }

  @Test
  void run_otherSettingsAndPartitions_writesTheFindingsOfTheLocalValidation() throws Exception {
    ValidationConfig config =
        ValidationConfig.builder()
            .optClasses(List.of("cat", "dog", "fish"))
            .optMaxPixels(1_000L)
            .optMaxImbalance(2.0)
            .optFailOnImbalance(true)
            .optNearDuplicateDistance(16)
            .optDisabledChecks(Set.of("channels"))
            .build();
    Path local = dir.resolve("local2/validation.json");
    ValidationResult expected = validateLocally(config, local);
    Path output = dir.resolve("spark2/validation.json");

    ValidateJob.run(
        spark, new ValidateJobConfig(data, output, SplitPolicy.DEFAULT, null, config, 7));

    assertThat(expected.findings()).extracting(Finding::check).contains("classes");
    assertThat(withoutRunCost(output)).isEqualTo(withoutRunCost(local));
  }

  @Test
  void main_missingAndUnknownArguments_namesThemAndExits2() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream errors = new PrintStream(err, true, StandardCharsets.UTF_8);

    int missing = ValidateJobArgs.main(new String[] {"--minWidth", "8"}, System.out, errors);
    int unknown =
        ValidateJobArgs.main(
            new String[] {"--data", "d", "--output", "o", "--minWdith", "8"}, System.out, errors);
    int bad =
        ValidateJobArgs.main(
            new String[] {"--data", "d", "--output", "o", "--nearDuplicateDistance", "40"},
            System.out,
            errors);

    assertThat(List.of(missing, unknown, bad)).containsOnly(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("missing --data and --output")
        .contains("unknown argument '--minWdith'")
        .contains("nearDuplicateDistance")
        .contains("usage: ValidateJob");
  }

  private static ValidationResult validateLocally(ValidationConfig config, Path report)
      throws Exception {
    ScanResult scan =
        new DatasetScanner(Progress.NONE).scan(new ScanConfig(data, SplitPolicy.DEFAULT, null));
    return new DataValidator().validateOrReuse(data, scan, config, report, Progress.NONE);
  }

  private static JsonNode withoutRunCost(Path file) throws IOException {
    JsonNode tree = Json.mapper().readTree(file.toFile());
    RUN_COST.forEach(((ObjectNode) tree.get("stats"))::remove);
    return tree;
  }
}
