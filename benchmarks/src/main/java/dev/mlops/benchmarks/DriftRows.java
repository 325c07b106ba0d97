package dev.mlops.benchmarks;

import dev.mlops.core.drift.DriftConfig;
import dev.mlops.core.drift.DriftReport;
import dev.mlops.core.drift.DriftReport.FeatureDrift;
import dev.mlops.core.export.MachineInfo;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/** The markdown of the drift benchmark: its tables and what they show. */
final class DriftRows {
  private static final double Z95 = 1.959964;

  private DriftRows() {}

  /**
   * One incoming set of the detection table.
   *
   * @param name the set
   * @param description how it was made
   * @param images readable images
   * @param report the check
   */
  record Detection(String name, String description, int images, DriftReport report) {}

  static String section(
      DriftBenchmark.Example ex,
      MachineInfo machine,
      DriftConfig config,
      int seeds,
      List<FalseAlarms.Tally> tallies,
      List<Detection> detections,
      DriftThroughput.Result speed) {
    return intro(ex, machine, config)
        + DriftAlarmRows.section(config, seeds, tallies)
        + DriftSplits.section(ex)
        + detections(detections)
        + throughput(speed);
  }

  private static String intro(DriftBenchmark.Example ex, MachineInfo machine, DriftConfig config) {
    return String.format(
        Locale.ROOT,
        "## Drift detection: false alarms, detection, extraction throughput%n%n"
            + "Measured %s by `benchmarks/run.sh drift` (class `DriftBenchmark`) on %d cores"
            + " (%s; %s; %s). Model: the example project's %s (`%s`, trained by"
            + " `mvn -B -o -DskipTests install -pl example-project -am`), accuracy %.3f and"
            + " macro F1 %.3f on the %d test images. Settings: `DriftConfig` defaults: level"
            + " %s for the whole family of tests (Holm-Bonferroni), PSI threshold %s,"
            + " minImages %d, %d permutations for the embedding kernel test. The baseline is"
            + " built in memory as `train` builds it (`Baseline.build`): image features of the"
            + " %d train images, model outputs of the %d val images, embeddings projected to"
            + " %d dimensions. Every check runs `DriftDetector.compare`, the statistics of"
            + " `mvn mlops:drift-check`, on observations read by `ObservationExtractor`.%n%n",
        LocalDate.now(ZoneOffset.UTC),
        machine.cores(),
        machine.cpu(),
        machine.os(),
        machine.java(),
        ex.architecture(),
        ex.model(),
        ex.testReference().accuracy(),
        ex.testReference().macroF1(),
        ex.test().size(),
        config.pValue(),
        config.psiThreshold(),
        config.minImages(),
        config.permutations(),
        ex.train().size(),
        ex.val().size(),
        ex.projection().dims());
  }

  private static String detections(List<Detection> detections) {
    StringBuilder out =
        new StringBuilder(
            "### Detection\n\n"
                + "Each set is the 120 test images changed as described, written as PNG files to"
                + " `benchmarks/target/work/drift/<set>/<digit>/` and read through"
                + " `ObservationExtractor` like real incoming images (labeled by their folder, so"
                + " the accuracy test runs against the model's test-split scores). The letters are"
                + " another dataset and unlabeled. \"Top feature\" is the image feature (or the"
                + " confidence) with the largest PSI; \"control\" is the PSI of the same quantity"
                + " on the unchanged images (`same`).\n\n"
                + "| incoming set | what | images | status | tests fired | features that moved"
                + " | top feature (PSI) | control PSI | accuracy |\n"
                + "|---|---|---:|---|---|---|---|---:|---:|\n");
    DriftReport control = detections.get(0).report();
    for (Detection d : detections) {
      out.append(detectionRow(d, control));
    }
    out.append('\n').append(detectionVerdict(detections)).append('\n');
    return out.toString();
  }

  private static String detectionRow(Detection d, DriftReport control) {
    DriftReport r = d.report();
    FeatureDrift top = top(r);
    return String.format(
        Locale.ROOT,
        "| %s | %s | %d | %s | %s | %s | %s %.2f | %.2f | %s |%n",
        d.name(),
        d.description(),
        d.images(),
        r.status(),
        orNone(FalseAlarms.tests(r, FalseAlarms.Verdict::drifted)),
        orNone(
            r.features().stream().filter(FeatureDrift::drifted).map(FeatureDrift::name).toList()),
        top.name(),
        top.psi(),
        psi(control, top.name()),
        r.performance() == null
            ? "-"
            : String.format(Locale.ROOT, "%.3f", r.performance().accuracy()));
  }

  private static String detectionVerdict(List<Detection> detections) {
    List<String> wrong = new ArrayList<>();
    for (Detection d : detections) {
      boolean expected = !d.name().equals("same");
      if (d.report().drifted() != expected) {
        wrong.add(d.name() + (expected ? " (not detected)" : " (false alarm)"));
      }
    }
    String verdict =
        wrong.isEmpty()
            ? "- Expected: `same` no drift, every other set drift: met.\n"
            : "- Expected: `same` no drift, every other set drift: NOT met for "
                + String.join(", ", wrong)
                + ".\n";
    List<String> control =
        FalseAlarms.tests(detections.get(0).report(), FalseAlarms.Verdict::drifted);
    List<String> hidden =
        detections.stream()
            .skip(1)
            .filter(
                d ->
                    control.containsAll(
                        FalseAlarms.tests(d.report(), FalseAlarms.Verdict::drifted)))
            .map(Detection::name)
            .toList();
    return hidden.isEmpty()
        ? verdict
        : verdict
            + "- Fired no test beyond those the control fired: "
            + String.join(", ", hidden)
            + " (their verdict alone does not tell them from the unchanged images; compare"
            + " the top PSI with the control's).\n";
  }

  private static String throughput(DriftThroughput.Result speed) {
    String header =
        String.format(
            Locale.ROOT,
            "\n### Feature extraction throughput\n\n"
                + "Images per second after one untimed warm-up pass: three timed blocks of passes,"
                + " each of at least 1 s; \"img/s\" is over all three, \"best block\" the fastest"
                + " one (the machine is shared; load average %.1f before, %.1f after). \"Decode only\" is"
                + " `ImageIO.read` on a thread pool; the other stages"
                + " are `ObservationExtractor` (without a model, then with the example's model at"
                + " batch 32). Threads are decoding threads; the model runs on the calling thread"
                + " while the workers decode the next batches, with PyTorch's intra-op threads as"
                + " stated (set through `ComputeThreads`; drift checks leave PyTorch at its"
                + " default, %d here).\n\n"
                + "| input | stage | threads | images | seconds | img/s | best block img/s |\n"
                + "|---|---|---:|---:|---:|---:|---:|\n",
            speed.loadBefore(),
            speed.loadAfter(),
            speed.defaultTorchThreads());
    StringBuilder out = new StringBuilder(header);
    for (DriftThroughput.Measure m : speed.measures()) {
      out.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %d | %d | %.2f | %,.0f | %,.0f |%n",
              m.input(),
              m.stage(),
              m.workers(),
              m.images(),
              m.seconds(),
              m.imagesPerSecond(),
              m.best()));
    }
    return out.toString();
  }

  /** The numeric quantity (image feature or confidence) with the largest PSI. */
  static FeatureDrift top(DriftReport report) {
    return Stream.concat(report.features().stream(), Stream.of(report.confidence()))
        .max(Comparator.comparingDouble(FeatureDrift::psi))
        .orElseThrow();
  }

  /** The PSI of the numeric quantity {@code name} in {@code report}. */
  private static double psi(DriftReport report, String name) {
    return Stream.concat(report.features().stream(), Stream.of(report.confidence()))
        .filter(f -> f.name().equals(name))
        .findFirst()
        .orElseThrow()
        .psi();
  }

  private static String orNone(List<String> names) {
    return names.isEmpty() ? "none" : String.join(", ", names);
  }

  /** The 95% Wilson score interval of {@code k} successes in {@code n} trials. */
  static double[] wilson(int k, int n) {
    double p = (double) k / n;
    double z2 = Z95 * Z95;
    double denominator = 1 + z2 / n;
    double centre = (p + z2 / (2 * n)) / denominator;
    double half = Z95 * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / denominator;
    return new double[] {Math.max(0, centre - half), Math.min(1, centre + half)};
  }

  static String alarmLine(FalseAlarms.Tally t) {
    double[] ci = wilson(t.alarms(), t.seeds());
    return String.format(
        Locale.ROOT,
        "%s: %d alarms in %d checks = %.3f [%.3f, %.3f] (%.1f s); fired %s",
        t.regime(),
        t.alarms(),
        t.seeds(),
        (double) t.alarms() / t.seeds(),
        ci[0],
        ci[1],
        t.seconds(),
        t.fired());
  }

  static String detectionLine(Detection d) {
    FeatureDrift top = top(d.report());
    return String.format(
        Locale.ROOT,
        "%s: %s, fired %s, top %s PSI %.2f; %s",
        d.name(),
        d.report().status(),
        FalseAlarms.tests(d.report(), FalseAlarms.Verdict::drifted),
        top.name(),
        top.psi(),
        d.report().summary());
  }

  static String throughputLine(DriftThroughput.Measure m) {
    return String.format(
        Locale.ROOT,
        "%s, %s, %d threads: %d images in %.2f s = %,.0f img/s (best block %,.0f)",
        m.input(),
        m.stage(),
        m.workers(),
        m.images(),
        m.seconds(),
        m.imagesPerSecond(),
        m.best());
  }
}
