package dev.mlops.benchmarks;

import dev.mlops.core.MlopsException;
import dev.mlops.core.Progress;
import dev.mlops.core.drift.ImageFeature;
import dev.mlops.core.drift.ObservationExtractor;
import dev.mlops.core.drift.Observations;
import dev.mlops.core.drift.stats.KolmogorovSmirnov;
import dev.mlops.core.drift.stats.TestResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * How much the example project's committed folders differ in their image features: its drift-check
 * of {@code incoming/} can only stay quiet if they are exchangeable, which a random split makes
 * them (the earlier file-order split with near-duplicate skipping did not: sharpness differed).
 */
final class DriftSplits {
  private static final List<String> FOLDERS =
      List.of("data/train", "data/val", "data/test", "incoming");

  private DriftSplits() {}

  static String section(Path example) throws IOException, MlopsException {
    List<Observations> folders = new ArrayList<>();
    for (String folder : FOLDERS) {
      folders.add(features(example, folder));
    }
    StringBuilder out =
        new StringBuilder(
            "### How different the example's committed folders are\n\n"
                + "Image features of every image of the example project's folders (as"
                + " `tools/make_digits.py` wrote them), two-sample KS of train against each other"
                + " folder (unadjusted p-values; features constant in every folder left out)."
                + " With a random split no feature should differ beyond chance (about 1 in 20"
                + " p-values below 0.05).\n\n"
                + "| feature | mean train / val / test / incoming | KS train vs val (p) | KS train"
                + " vs test (p) | KS train vs incoming (p) |\n"
                + "|---|---|---|---|---|\n");
    for (ImageFeature f : ImageFeature.values()) {
      List<double[]> v = folders.stream().map(o -> o.column(f)).toList();
      if (v.stream().allMatch(DriftSplits::constant) && sameConstant(v)) {
        continue;
      }
      out.append(
          String.format(
              Locale.ROOT,
              "| %s | %.4g / %.4g / %.4g / %.4g | %s | %s | %s |%n",
              f.id(),
              mean(v.get(0)),
              mean(v.get(1)),
              mean(v.get(2)),
              mean(v.get(3)),
              ks(v.get(0), v.get(1)),
              ks(v.get(0), v.get(2)),
              ks(v.get(0), v.get(3))));
    }
    out.append(
        String.format(
            Locale.ROOT,
            "%nImages: train %d, val %d, test %d, incoming %d.%n%n",
            folders.get(0).size(),
            folders.get(1).size(),
            folders.get(2).size(),
            folders.get(3).size()));
    return out.toString();
  }

  private static Observations features(Path example, String folder)
      throws IOException, MlopsException {
    Path root = example.resolve(folder);
    List<String> files = DriftReplicate.relativeFiles(root);
    ObservationExtractor.Extraction e =
        new ObservationExtractor(
                null, null, DriftBenchmark.BATCH, DriftBenchmark.WORKERS, Progress.NONE)
            .extract(root, files, null, folder);
    return e.observations();
  }

  private static String ks(double[] a, double[] b) {
    TestResult r = KolmogorovSmirnov.twoSample(a, b);
    return String.format(Locale.ROOT, "%.3f (%.2g)", r.statistic(), r.pValue());
  }

  private static boolean constant(double[] v) {
    return Arrays.stream(v).allMatch(x -> x == v[0]);
  }

  private static boolean sameConstant(List<double[]> v) {
    return v.stream().allMatch(a -> a[0] == v.get(0)[0]);
  }

  private static double mean(double[] v) {
    return Arrays.stream(v).average().orElse(Double.NaN);
  }
}
