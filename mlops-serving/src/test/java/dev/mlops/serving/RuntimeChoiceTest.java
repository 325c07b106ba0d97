package dev.mlops.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.core.MlopsException;
import dev.mlops.core.Progress;
import dev.mlops.core.export.OnnxExporter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which file runs: fp32 or int8 ONNX, the export beside a model directory, DJL without ONNX. */
class RuntimeChoiceTest {
  @TempDir Path tmp;

  @Test
  void int8Runtime_servesModelInt8Onnx_agreeingWithFp32OnTheTestImages() throws Exception {
    ServingFixture fixture = ServingFixture.shared();
    try (PredictionServer fp32 =
            PredictionServer.start(fixture.config().build(), ServerLog.of(Progress.NONE));
        PredictionServer int8 =
            PredictionServer.start(
                fixture.config().runtime(ServeConfig.Runtime.INT8).build(),
                ServerLog.of(Progress.NONE))) {
      Http a = new Http(fp32.url());
      Http b = new Http(int8.url());
      assertThat(runtime(b)).isEqualTo("onnxruntime-int8");
      int agree = 0;
      List<byte[]> images = BatchingTest.images(fixture);
      for (byte[] png : images) {
        JsonNode x = a.postImage(ServingFixture.MODEL, png).json();
        JsonNode y = b.postImage(ServingFixture.MODEL, png).json();
        agree += x.path("label").asText().equals(y.path("label").asText()) ? 1 : 0;
      }
      assertThat(agree).isGreaterThanOrEqualTo(images.size() - 1);
    }
  }

  @Test
  void modelDirectoryWithoutOnnx_isServedByDjl_withTheSameProbabilitiesAsOnnx() throws Exception {
    ServingFixture fixture = ServingFixture.shared();
    Path onlyWeights = tmp.resolve("target/mlops/model");
    ServingFixture.copyTree(fixture.modelV1, onlyWeights);
    Path withExport = tmp.resolve("other/target/mlops/model");
    ServingFixture.copyTree(fixture.modelV1, withExport);
    Files.copy(
        fixture.modelV1.resolveSibling("onnx").resolve(OnnxExporter.FP32_FILE),
        withExport.resolveSibling(OnnxExporter.FP32_FILE));
    try (PredictionServer djl =
            PredictionServer.start(directory(fixture, onlyWeights), ServerLog.of(Progress.NONE));
        PredictionServer onnx =
            PredictionServer.start(directory(fixture, withExport), ServerLog.of(Progress.NONE))) {
      Http a = new Http(djl.url());
      Http b = new Http(onnx.url());
      assertThat(runtime(a)).isEqualTo("djl-pytorch");
      assertThat(runtime(b)).isEqualTo("onnxruntime-fp32");
      assertThat(a.get("/models").json().path("models").get(0).path("version").asText())
          .isEqualTo("local");
      for (byte[] png : BatchingTest.images(fixture)) {
        JsonNode x = a.postImage(ServingFixture.MODEL, png).json().path("probabilities");
        JsonNode y = b.postImage(ServingFixture.MODEL, png).json().path("probabilities");
        for (String label : ServingFixture.LABELS) {
          assertThat(x.path(label).asDouble()).isCloseTo(y.path(label).asDouble(), within(1e-5));
        }
      }
    }
  }

  @Test
  void int8RuntimeWithoutInt8File_refusesToStart_namingTheFileAndTheFix() throws Exception {
    ServingFixture fixture = ServingFixture.shared();
    Path model = tmp.resolve("target/mlops/model");
    ServingFixture.copyTree(fixture.modelV1, model);

    assertThatThrownBy(
            () ->
                PredictionServer.start(
                    ServeConfig.builder()
                        .storeRoot(fixture.store)
                        .modelName(ServingFixture.MODEL)
                        .modelDirectory(model)
                        .runtime(ServeConfig.Runtime.INT8)
                        .port(0)
                        .build(),
                    ServerLog.of(Progress.NONE)))
        .isInstanceOf(MlopsException.class)
        .hasMessageContaining(OnnxExporter.INT8_FILE)
        .hasMessageContaining("quantize=int8");
  }

  private static ServeConfig directory(ServingFixture fixture, Path model) throws Exception {
    return ServeConfig.builder()
        .storeRoot(fixture.store)
        .modelName(ServingFixture.MODEL)
        .modelDirectory(model)
        .port(0)
        .build();
  }

  private static String runtime(Http http) {
    return http.get("/models").json().path("models").get(0).path("runtime").asText();
  }
}
