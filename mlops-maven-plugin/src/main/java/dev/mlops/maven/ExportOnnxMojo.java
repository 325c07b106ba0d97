package dev.mlops.maven;

import dev.mlops.core.MlopsException;
import dev.mlops.core.Progress;
import dev.mlops.core.data.DatasetScanner;
import dev.mlops.core.data.ScanConfig;
import dev.mlops.core.export.ExportConfig;
import dev.mlops.core.export.ExportResult;
import dev.mlops.core.export.OnnxExporter;
import dev.mlops.core.export.Quantization;
import java.io.File;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProjectHelper;

/**
 * Exports the trained model to ONNX ({@code target/mlops/model.onnx}, attached with classifier
 * {@code onnx}) and fails the build unless ONNX Runtime reproduces the model's probabilities on the
 * test images. With {@code <quantize>int8</quantize>} also writes {@code model-int8.onnx}
 * (classifier {@code onnx-int8}) and fails when quantization costs more accuracy than allowed or
 * changes the predicted class of more images than allowed.
 */
@Mojo(name = "export-onnx", defaultPhase = LifecyclePhase.PACKAGE, threadSafe = true)
public final class ExportOnnxMojo extends AbstractMlopsMojo {
  /** Values of {@code quantize}; lower case because Maven matches enum names exactly. */
  public enum QuantizeOption {
    /** Only the fp32 model. */
    none,
    /** Also an int8 model. */
    int8
  }

  /**
   * Skips this goal.
   *
   * @since 0.1.0
   */
  @Parameter(property = "mlops.export-onnx.skip", defaultValue = "false")
  private boolean skipExport;

  /**
   * {@code int8} also writes a statically quantized model ({@code model-int8.onnx}): int8 weights
   * and activations that ONNX Runtime runs with integer kernels.
   *
   * @since 0.1.0
   */
  @Parameter(property = "mlops.export-onnx.quantize", defaultValue = "none")
  private QuantizeOption quantize;

  /**
   * Largest allowed difference between DJL's and ONNX Runtime's probability of any class for any
   * checked image.
   *
   * @since 0.1.0
   */
  @Parameter(property = "mlops.export-onnx.tolerance", defaultValue = "1e-4")
  private double tolerance;

  /**
   * Test images run through both runtimes for the parity check; 0 runs all of them.
   *
   * @since 0.1.0
   */
  @Parameter(property = "mlops.export-onnx.paritySamples", defaultValue = "0")
  private int paritySamples;

  /**
   * Largest allowed accuracy drop of the int8 model against the fp32 model, in [0,1].
   *
   * @since 0.1.0
   */
  @Parameter(property = "mlops.export-onnx.maxQuantizationLoss", defaultValue = "0.01")
  private double maxQuantizationLoss;

  /**
   * Largest allowed fraction of test images whose int8 top-1 class differs from the fp32 model's,
   * in [0,1]. Catches an int8 model that is wrong on many images while its errors happen to balance
   * out in the accuracy. Default 0.02 (core default).
   *
   * @since 0.1.0
   */
  @Parameter(property = "mlops.export-onnx.maxDisagreement")
  private Double maxDisagreement;

  /**
   * Training images whose activations set the int8 quantization ranges.
   *
   * @since 0.1.0
   */
  @Parameter(property = "mlops.export-onnx.calibrationSamples", defaultValue = "100")
  private int calibrationSamples;

  /**
   * The model's name, written into the ONNX metadata.
   *
   * @since 0.1.0
   */
  @Parameter(property = "mlops.model", defaultValue = "${project.artifactId}")
  private String model;

  /**
   * Images per forward pass.
   *
   * @since 0.1.0
   */
  @Parameter(property = "mlops.export-onnx.batchSize", defaultValue = "32")
  private int batchSize;

  /**
   * The trained model to export.
   *
   * @since 0.1.0
   */
  @Parameter(
      property = "mlops.export-onnx.modelDirectory",
      defaultValue = "${project.build.directory}/mlops/model")
  private File modelDirectory;

  /**
   * Where {@code model.onnx}, {@code model-int8.onnx} and {@code export.json} are written.
   *
   * @since 0.1.0
   */
  @Parameter(
      property = "mlops.export-onnx.outputDirectory",
      defaultValue = "${project.build.directory}/mlops")
  private File outputDirectory;

  /**
   * A fire drill for the parity check, never for real builds: the name of a model parameter (for
   * example {@code block1.conv.weight}) whose first value is increased by 1 in the exported file
   * only. The check must then fail the build.
   *
   * @since 0.1.0
   */
  @Parameter(property = "mlops.export-onnx.perturbWeight")
  private String perturbWeight;

  @Component private MavenProjectHelper projectHelper;

  @Override
  protected String goal() {
    return "export-onnx";
  }

  @Override
  protected String goalSkipReason() {
    return skippedBy(skipExport);
  }

  @Override
  protected void run(Progress progress) throws MlopsException, MojoFailureException {
    ExportResult result = new OnnxExporter(progress).export(toConfig(progress));
    fail(result);
    attach(result.fp32(), "onnx");
    if (result.int8() != null) {
      attach(result.int8().file(), "onnx-int8");
    }
    getLog().info(summary(result));
  }

  private ExportConfig toConfig(Progress progress) throws MlopsException {
    return ExportConfig.builder()
        .setModelDirectory(modelDirectory.toPath())
        .setOutputDirectory(outputDirectory.toPath())
        .setData(
            dataDirectory.toPath(),
            new DatasetScanner(progress)
                .scan(new ScanConfig(dataDirectory.toPath(), splitPolicy(), hashCacheFile()))
                .manifest())
        .setModel(model, project.getVersion())
        .optQuantize(quantize == QuantizeOption.int8 ? Quantization.INT8 : Quantization.NONE)
        .optTolerance(tolerance)
        .optParitySamples(paritySamples)
        .optMaxQuantizationLoss(maxQuantizationLoss)
        .optMaxDisagreement(maxDisagreement)
        .optCalibrationSamples(calibrationSamples)
        .optBatchSize(batchSize)
        .optPerturbWeight(perturbWeight)
        .build();
  }

  private void fail(ExportResult result) throws MojoFailureException {
    ExportResult.Parity parity = result.parity();
    if (!parity.passed()) {
      String differing =
          parity.differingPredictions().isEmpty()
              ? "no prediction differs"
              : parity.differingPredictions().size()
                  + " predictions differ "
                  + parity.differingPredictions();
      String fix =
          perturbWeight != null
              ? "This is the perturbWeight fire drill on " + perturbWeight + ": the check works"
              : "The exporter is wrong for this model: report it with target/mlops/export.json;"
                  + " "
                  + property("tolerance")
                  + " raises the limit";
      throw new MojoFailureException(
          String.format(
              Locale.ROOT,
              "The ONNX model does not compute what the trained model computes: max |p_djl -"
                  + " p_onnx| is %.3e on %d %s images (tolerance %.2g), %s. %s",
              parity.maxAbsDifference(),
              parity.samples(),
              parity.split(),
              parity.tolerance(),
              differing,
              fix));
    }
    String int8Failure = result.int8() == null ? null : int8Failure(result.int8());
    if (int8Failure != null) {
      throw new MojoFailureException(int8Failure);
    }
  }

  /** Why the int8 model fails its gates, naming the setting, the value and the fix; or null. */
  static String int8Failure(ExportResult.Int8 int8) {
    if (!int8.lossWithinLimit()) {
      return String.format(
          Locale.ROOT,
          "int8 quantization costs %.4f accuracy (fp32 %.4f, int8 %.4f on %d %s images), more"
              + " than <maxQuantizationLoss> %.4f. Raise it (%s), calibrate on more images"
              + " (<calibrationSamples>), or export without <quantize>",
          int8.accuracyLoss(),
          int8.fp32Accuracy(),
          int8.int8Accuracy(),
          int8.images(),
          int8.split(),
          int8.maxLoss(),
          property("maxQuantizationLoss") + "=0.02");
    }
    if (!int8.disagreementWithinLimit()) {
      return String.format(
          Locale.ROOT,
          "The int8 model predicts another class than the fp32 model on %.4f of %d %s images"
              + " (agreement %.4f), more than <maxDisagreement> %.4f. Calibrate on more images"
              + " (<calibrationSamples>), raise the limit (%s) if only the int8 accuracy (%.4f"
              + " vs fp32 %.4f) matters, or export without <quantize>",
          int8.disagreement(),
          int8.images(),
          int8.split(),
          int8.agreement(),
          int8.maxDisagreement(),
          property("maxDisagreement") + "=0.05",
          int8.int8Accuracy(),
          int8.fp32Accuracy());
    }
    return null;
  }

  /** {@code -D} and the property of this goal's parameter {@code name}. */
  private static String property(String name) {
    return PluginParameters.get().flag("export-onnx", name);
  }

  private void attach(ExportResult.ExportedFile file, String classifier) {
    projectHelper.attachArtifact(project, "onnx", classifier, Path.of(file.path()).toFile());
  }

  private static String summary(ExportResult result) {
    StringBuilder line =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "%s %s (%.1f MB)",
                result.upToDate() ? "Up to date:" : "Exported",
                result.fp32().path(),
                result.fp32().bytes() / 1e6));
    if (result.int8() != null) {
      line.append(
          String.format(
              Locale.ROOT,
              " and %s (%.1f MB, accuracy %.4f vs %.4f, agreement %.4f)",
              Path.of(result.int8().file().path()).getFileName(),
              result.int8().file().bytes() / 1e6,
              result.int8().int8Accuracy(),
              result.int8().fp32Accuracy(),
              result.int8().agreement()));
    }
    return line.toString();
  }
}
