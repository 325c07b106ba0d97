package dev.mlops.core.fuzz;

import dev.mlops.core.MlopsException;
import dev.mlops.core.Progress;
import dev.mlops.core.data.DatasetScanner;
import dev.mlops.core.data.ScanConfig;
import dev.mlops.core.data.ScanResult;
import dev.mlops.core.data.SplitPolicy;
import dev.mlops.core.data.validate.DataValidator;
import dev.mlops.core.data.validate.Finding;
import dev.mlops.core.data.validate.Severity;
import dev.mlops.core.data.validate.ValidationConfig;
import dev.mlops.core.data.validate.ValidationResult;
import dev.mlops.core.drift.ObservationExtractor;
import java.util.List;

/**
 * The core's image entry points as fuzz targets: the dataset scanner, {@code validate-data}'s use
 * case (scan, then validate) and {@code drift-check}'s reader of incoming images (the features-only
 * extractor: the model only sees tensors of images that already decoded). A documented typed
 * failure ({@link MlopsException}) is a report when it names the file, else a crash.
 */
public final class CoreTargets {
  private CoreTargets() {}

  /** The three core targets, with {@code maxPixels} for those that decode. */
  public static List<FuzzTarget> all(long maxPixels) {
    return List.of(scanner(), validate(maxPixels), drift(maxPixels));
  }

  /** {@link DatasetScanner}: lists and hashes; it never decodes, so it should accept every file. */
  public static FuzzTarget scanner() {
    return target(
        "scanner",
        false,
        c -> {
          scan(c);
          return FuzzTarget.Outcome.ACCEPTED;
        });
  }

  /** {@code validate-data}: the file must pass, or an error finding must list it. */
  public static FuzzTarget validate(long maxPixels) {
    return target(
        "validate",
        true,
        c -> {
          ScanResult scan = scan(c);
          ValidationConfig config =
              ValidationConfig.builder()
                  .optMaxPixels(maxPixels)
                  .optThreads(1)
                  .optMinWidth(1)
                  .optMinHeight(1)
                  .build();
          ValidationResult result =
              new DataValidator()
                  .validate(
                      c.dataDirectory(), scan.manifest(), scan.otherFiles(), config, Progress.NONE);
          for (Finding f : result.findings()) {
            if (f.severity() == Severity.ERROR && f.files().contains(c.relativePath())) {
              return FuzzTarget.Outcome.reported(f.message());
            }
          }
          return FuzzTarget.Outcome.ACCEPTED;
        });
  }

  /** {@code drift-check}'s incoming reader: the image is observed, or skipped and listed. */
  public static FuzzTarget drift(long maxPixels) {
    return target(
        "drift",
        true,
        c -> {
          ObservationExtractor.Extraction extraction =
              new ObservationExtractor(null, null, 8, 1, maxPixels, Progress.NONE)
                  .extract(c.dataDirectory(), List.of(c.relativePath()), null, "incoming images");
          if (!extraction.unreadable().isEmpty()) {
            return FuzzTarget.Outcome.reported(extraction.unreadable().get(0));
          }
          if (extraction.observations().size() != 1) {
            throw new IllegalStateException(
                "neither observed nor listed as unreadable: " + c.relativePath());
          }
          return FuzzTarget.Outcome.ACCEPTED;
        });
  }

  private static ScanResult scan(FuzzTarget.FuzzCase c) throws MlopsException {
    return new DatasetScanner(Progress.NONE)
        .scan(new ScanConfig(c.dataDirectory(), SplitPolicy.DEFAULT, null, 1));
  }

  /** The body of a target; may throw the documented {@link MlopsException}. */
  @FunctionalInterface
  interface Body {
    FuzzTarget.Outcome handle(FuzzTarget.FuzzCase file) throws Exception;
  }

  static FuzzTarget target(String name, boolean decodes, Body body) {
    return new FuzzTarget() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public boolean decodes() {
        return decodes;
      }

      @Override
      public Outcome handle(FuzzCase file) throws Exception {
        try {
          return body.handle(file);
        } catch (MlopsException e) {
          return Outcome.reported(e.getMessage());
        }
      }
    };
  }
}
