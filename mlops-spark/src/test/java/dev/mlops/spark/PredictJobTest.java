package dev.mlops.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.Progress;
import dev.mlops.core.export.TinyOnnxModels;
import dev.mlops.core.predict.BatchPrediction;
import dev.mlops.core.predict.PredictFixtures;
import dev.mlops.core.predict.PredictRequest;
import dev.mlops.core.predict.PredictResult;
import dev.mlops.core.predict.Prediction;
import dev.mlops.core.predict.PredictionsReader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PredictJob on local[2] writes what the single-machine batch prediction writes. */
class PredictJobTest {
  private static final int IMAGES = 300;

  @TempDir static Path dir;
  private static SparkSession spark;
  private static Path model;
  private static Path incoming;

  @BeforeAll
  static void start() throws Exception {
    model = TinyOnnxModels.cnnSmall(dir.resolve("model"), 3, 16, 11);
    incoming = PredictFixtures.write(dir.resolve("incoming"), IMAGES, 5);
    spark = SparkSessions.open("local[2]", "predict-test");
  }

  @AfterAll
  static void stop() throws Exception {
    spark.close();
  }

  @Test
  void run_local2_rowsAndFileEqualSingleMachineRun() throws Exception {
    // a model of its own: no other test has opened a session for it
    Path model = TinyOnnxModels.cnnSmall(dir.resolve("own-model"), 3, 16, 12);
    Path local = dir.resolve("local.parquet");
    PredictResult expected =
        new BatchPrediction(Progress.NONE)
            .run(PredictRequest.builder().setModel(model).setFiles(incoming, local).build());
    int sessionsBefore = ExecutorModels.count();

    PredictJob.Result result =
        PredictJob.run(
            spark,
            PredictJobConfig.of(model.getParent(), incoming, dir.resolve("out/spark.parquet"))
                .withBatching(16, 7));

    assertThat(result.images()).isEqualTo(IMAGES + PredictFixtures.BROKEN);
    assertThat(result.failed()).isEqualTo(PredictFixtures.BROKEN).isEqualTo(expected.failed());
    assertThat(result.partitions()).isEqualTo(7);
    assertThat(result.firstErrors()).isEqualTo(expected.firstErrors());
    // one session for the model in this JVM, however many partitions and tasks used it
    assertThat(ExecutorModels.count()).isEqualTo(sessionsBefore + 1);
    PredictionsReader.Contents spark = PredictionsReader.read(result.output());
    PredictionsReader.Contents single = PredictionsReader.read(local);
    assertThat(spark.labels()).isEqualTo(single.labels());
    assertThat(spark.rows()).hasSize(IMAGES + 2).isEqualTo(single.rows());
    assertThat(spark.rows())
        .filteredOn(p -> !p.ok())
        .extracting(Prediction::path)
        .containsExactly("a/notes.jpg", "b/truncated.jpg");
    // same rows in the same order through the same writer: the same bytes
    assertThat(Files.readAllBytes(result.output())).isEqualTo(Files.readAllBytes(local));
  }

  @Test
  void run_outputReadBySpark_arrayOfProbabilitiesAndErrorRows() throws Exception {
    PredictJob.Result result =
        PredictJob.run(
            spark,
            PredictJobConfig.of(model, incoming, dir.resolve("read-by-spark.parquet"))
                .withBatching(64, 0));

    Dataset<Row> rows = spark.read().parquet(result.output().toString());
    assertThat(rows.schema().simpleString())
        .isEqualTo(
            "struct<path:string,sha256:string,label:string,confidence:float,"
                + "probabilities:array<float>,error:string>");
    assertThat(rows.count()).isEqualTo(IMAGES + 2);
    assertThat(rows.filter("error is not null and label is null").count()).isEqualTo(2);
    assertThat(rows.filter("size(probabilities) = 3").count()).isEqualTo(IMAGES);
  }

  @Test
  void run_missingModel_failsOnTheDriverNamingTheFile() {
    assertThatThrownBy(
            () ->
                PredictJob.run(
                    spark, PredictJobConfig.of(dir.resolve("nothing"), incoming, dir.resolve("x"))))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("nothing");
  }

  @Test
  void main_missingAndBadArguments_namesEachOne() {
    JobArgs options =
        JobArgs.parse(new String[] {"--batch-size", "0", "--color", "x"}, PredictJob.keys());

    assertThat(PredictJob.config(options)).isNull();
    assertThat(String.join("; ", options.problems()))
        .contains("--model is required")
        .contains("--incoming is required")
        .contains("--output is required")
        .contains("--batch-size is '0'")
        .contains("unknown option --color");
  }
}
