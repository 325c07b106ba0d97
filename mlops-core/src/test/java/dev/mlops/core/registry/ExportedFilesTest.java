package dev.mlops.core.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.core.ProgressLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Only a passed export of this very model is registered with it. */
class ExportedFilesTest {
  @TempDir Path tmp;
  private Path model;
  private Path exportFile;
  private final List<String> log = new ArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    model = Files.createDirectories(tmp.resolve("model"));
    Files.writeString(model.resolve("fingerprint"), "fp-this\n");
    exportFile = tmp.resolve("export.json");
  }

  @Test
  void of_noExport_isNoneAndSaysSo() throws Exception {
    assertThat(ExportedFiles.of(exportFile, model, ProgressLog.to(log))).isEmpty();
    assertThat(log)
        .containsExactly("No ONNX export at " + exportFile + "; registering without ONNX files");
  }

  @Test
  void of_passedExportOfThisModel_isItsFile() throws Exception {
    writeExport("fp-this", true);

    assertThat(ExportedFiles.of(exportFile, model, ProgressLog.to(log)))
        .isEqualTo(Map.of("model.onnx", tmp.resolve("model.onnx")));
    assertThat(log).isEmpty();
  }

  @Test
  void of_exportOfAnotherModel_isNoneWithAWarningNamingBoth() throws Exception {
    writeExport("fp-old", true);

    assertThat(ExportedFiles.of(exportFile, model, ProgressLog.to(log))).isEmpty();
    assertThat(log)
        .singleElement()
        .asString()
        .startsWith("WARN The ONNX export in " + exportFile + " is of another model")
        .contains("fingerprint fp-old, this model fp-this")
        .endsWith("Export this model to register its ONNX files");
  }

  @Test
  void of_failedParity_isNoneWithAWarning() throws Exception {
    writeExport("fp-this", false);

    assertThat(ExportedFiles.of(exportFile, model, ProgressLog.to(log))).isEmpty();
    assertThat(log)
        .containsExactly(
            "WARN The ONNX export in " + exportFile + " failed its checks; registering without it");
  }

  /** An {@code export.json} as the exporter writes it, fp32 only. */
  private void writeExport(String fingerprint, boolean parityPassed) throws Exception {
    Files.writeString(tmp.resolve("model.onnx"), "onnx bytes");
    Files.writeString(
        exportFile,
        """
        {"fingerprint": "%s", "configKey": "k",
         "fp32": {"path": "%s", "sha256": "ab", "bytes": 10},
         "parity": {"split": "test", "samples": 4, "maxAbsDifference": 1e-6, "tolerance": 1e-4,
                    "differingPredictions": [], "passed": %s},
         "int8": null, "upToDate": false}
        """
            .formatted(fingerprint, tmp.resolve("model.onnx"), parityPassed));
  }
}
