package dev.mlops.benchmarks;

import dev.mlops.core.drift.DriftConfig;
import dev.mlops.core.export.MachineInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The markdown of the drift benchmark: its intro, models, and the lines printed while it runs. */
final class DriftRows {
  private static final double Z95 = 1.959964;

  /** CPU flags that change what ONNX Runtime and PyTorch kernels run. */
  private static final List<String> FLAGS =
      List.of("avx2", "fma", "avx512f", "avx512_vnni", "avx_vnni", "amx_int8");

  private DriftRows() {}

  static String section(
      MachineInfo machine,
      double loadBefore,
      double minutes,
      Map<String, String> settings,
      DriftConfig config,
      List<DriftBenchmark.Study> studies,
      String splits,
      DriftThroughput.Result speed) {
    return intro(machine, loadBefore, minutes, settings, config, studies)
        + summary(config, studies)
        + models(studies)
        + DriftAlarmRows.section(config, studies)
        + DriftPowerRows.section(config, studies)
        + splits
        + DriftThroughputRows.section(speed);
  }

  private static String intro(
      MachineInfo machine,
      double loadBefore,
      double minutes,
      Map<String, String> settings,
      DriftConfig config,
      List<DriftBenchmark.Study> studies) {
    String training =
        settings.entrySet().stream()
            .filter(e -> PomTraining.TRAINING_KEYS.contains(e.getKey()))
            .map(e -> e.getKey() + " " + e.getValue())
            .collect(Collectors.joining(", "));
    String sources = sources(studies);
    return String.format(
        Locale.ROOT,
        "## Drift detection: false alarms, power, extraction throughput%n%n"
            + "Measured %s by `benchmarks/run.sh drift` (class `DriftBenchmark`, %.0f min) on %d"
            + " cores (%s; CPU flags %s; %s; %s). The machine is shared with other builds: load"
            + " average %.1f before, %.1f after. Drift settings: `DriftConfig` defaults: level %s"
            + " for the whole family of tests (Holm-Bonferroni), PSI threshold %s beyond the"
            + " sampling noise, maximum accuracy drop %s, %d permutations for the embedding"
            + " kernel test.%n%n"
            + "How a replicate is made (`DriftReplicate`): a seeded, stratified pool of images is"
            + " held back first, so incoming images are in no split that trained, selected or"
            + " baselined the model. The rest goes into `<class>/` folders, split 80/10/10 by the"
            + " plugin's seeded split (seed = replicate), and is trained exactly as `mvn"
            + " mlops:train` does it (`ModelTrainer` with the `BaselineWriter` companion: best"
            + " epoch by val accuracy; baseline: image features of train, model outputs of"
            + " test), with the example project's training settings read from its `pom.xml`"
            + " (%s) and training seed = replicate. Every check is `DriftDetector.compare` (the"
            + " statistics of `mlops:drift-check`) of the baseline `train` wrote against"
            + " incoming images drawn (seeded) from the pool and read by `ObservationExtractor`;"
            + " labeled checks compare accuracy with the model's scores on its test split (what"
            + " `evaluate` records).%n%n%s%n",
        LocalDate.now(ZoneOffset.UTC),
        minutes,
        machine.cores(),
        machine.cpu(),
        cpuFlags(),
        machine.os(),
        machine.java(),
        loadBefore,
        MachineInfo.current().loadAverage(),
        config.pValue(),
        config.psiThreshold(),
        config.maxAccuracyDrop(),
        config.permutations(),
        training,
        sources);
  }

  /** The targets and the smallest detected changes, per collection. */
  private static String summary(DriftConfig config, List<DriftBenchmark.Study> studies) {
    StringBuilder out = new StringBuilder("### Summary\n\n");
    for (DriftBenchmark.Study s : studies) {
      FalseAlarms.Tally prod = s.alarms().get(0);
      FalseAlarms.Tally val = s.alarms().get(1);
      double[] ci = wilson(prod.alarms(), prod.seeds());
      long detected =
          s.detection().stream().filter(t -> t.rate() >= DriftPowerRows.DETECTED).count();
      out.append(
          String.format(
              Locale.ROOT,
              "- **%s**: production-like false alarms at %d images %.3f (95%% upper bound %.3f):"
                  + " %s; with the baseline's outputs from val instead %.3f. Detection table: %d"
                  + " of %d sets detected in >= %.0f%% of checks. Smallest change detected in"
                  + " >= %.0f%% of checks: brightness %s at %d images, %s at %d; blur %s at %d,"
                  + " %s at %d.%n",
              s.source().name(),
              prod.incoming(),
              prod.rate(),
              ci[1],
              DriftAlarmRows.verdict(prod.rate(), ci[1], config.pValue()),
              val.rate(),
              detected,
              s.detection().size(),
              100 * DriftPowerRows.DETECTED,
              100 * DriftPowerRows.DETECTED,
              DriftPowerRows.smallest(s, "brightness", DriftBenchmark.SMALL),
              DriftBenchmark.SMALL,
              DriftPowerRows.smallest(s, "brightness", DriftBenchmark.LARGE),
              Math.min(DriftBenchmark.LARGE, s.replicates().get(0).pool().size()),
              DriftPowerRows.smallest(s, "blur", DriftBenchmark.SMALL),
              DriftBenchmark.SMALL,
              DriftPowerRows.smallest(s, "blur", DriftBenchmark.LARGE),
              Math.min(DriftBenchmark.LARGE, s.replicates().get(0).pool().size())));
    }
    return out.append('\n').toString();
  }

  /** One line per collection: where it comes from and what a replicate holds back. */
  private static String sources(List<DriftBenchmark.Study> studies) {
    StringBuilder out = new StringBuilder();
    for (DriftBenchmark.Study s : studies) {
      DriftSource src = s.source();
      out.append(
          String.format(
              Locale.ROOT,
              "- **%s**: %s. Per replicate: %d images per class held back (%d in all), %s"
                  + " split 80/10/10.%s%n",
              src.name(),
              src.description(),
              src.poolPerClass(),
              s.replicates().get(0).pool().size(),
              src.datasetPerClass() == 0
                  ? "all others"
                  : src.datasetPerClass() + " others per class",
              src.settings().isEmpty()
                  ? ""
                  : " Training settings changed: " + src.settings() + "."));
    }
    return out.toString();
  }

  private static String models(List<DriftBenchmark.Study> studies) {
    StringBuilder out =
        new StringBuilder(
            "### The replicates' models\n\n"
                + "| collection | replicates | train / val / test images | best epoch (min-max) |"
                + " test accuracy mean (min-max) | training s, mean wall (CPU) |\n"
                + "|---|---:|---|---|---|---|\n");
    for (DriftBenchmark.Study s : studies) {
      List<DriftReplicate> reps = s.replicates();
      double[] acc = reps.stream().mapToDouble(r -> r.reference().accuracy()).toArray();
      int[] epochs = reps.stream().mapToInt(DriftReplicate::bestEpoch).toArray();
      int[] sizes = reps.get(0).sizes();
      out.append(
          String.format(
              Locale.ROOT,
              "| %s | %d | %d / %d / %d | %d-%d | %.3f (%.3f-%.3f) | %.0f (%.0f) |%n",
              s.source().name(),
              reps.size(),
              sizes[0],
              sizes[1],
              sizes[2],
              Arrays.stream(epochs).min().orElse(0),
              Arrays.stream(epochs).max().orElse(0),
              Arrays.stream(acc).average().orElse(Double.NaN),
              Arrays.stream(acc).min().orElse(Double.NaN),
              Arrays.stream(acc).max().orElse(Double.NaN),
              reps.stream().mapToDouble(DriftReplicate::trainSeconds).average().orElse(0),
              reps.stream().mapToDouble(DriftReplicate::trainCpuSeconds).average().orElse(0)));
    }
    return out.append('\n').toString();
  }

  /** The flags of {@link #FLAGS} this CPU has, from {@code /proc/cpuinfo}. */
  static String cpuFlags() {
    try {
      String info = Files.readString(Path.of("/proc/cpuinfo"));
      List<String> have =
          Arrays.stream(info.split("\n"))
              .filter(l -> l.startsWith("flags"))
              .findFirst()
              .map(l -> Arrays.asList(l.substring(l.indexOf(':') + 1).trim().split(" ")))
              .orElse(List.of());
      return FLAGS.stream()
          .map(f -> (have.contains(f) ? "" : "no ") + f)
          .collect(Collectors.joining(", "));
    } catch (IOException e) {
      return "unknown (no /proc/cpuinfo)";
    }
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

  static String replicateLine(DriftReplicate r) {
    return String.format(
        Locale.ROOT,
        "%s replicate %d: train/val/test %s, best epoch %d, test accuracy %.4f, trained in %.1f s"
            + " (%.1f s CPU), pool %d images",
        r.source().name(),
        r.seed(),
        Arrays.toString(r.sizes()),
        r.bestEpoch(),
        r.reference().accuracy(),
        r.trainSeconds(),
        r.trainCpuSeconds(),
        r.pool().size());
  }

  static String alarmLine(FalseAlarms.Tally t) {
    double[] ci = wilson(t.alarms(), t.seeds());
    return String.format(
        Locale.ROOT,
        "%s at %d: %d alarms in %d checks = %.3f [%.3f, %.3f] (%.1f s); per replicate %s; fired"
            + " %s",
        t.regime(),
        t.incoming(),
        t.alarms(),
        t.seeds(),
        t.rate(),
        ci[0],
        ci[1],
        t.seconds(),
        Arrays.toString(t.perReplicate()),
        t.fired());
  }

  static String pointLine(DriftPower.Point p) {
    return String.format(Locale.ROOT, "%s %s: %s", p.family(), p.strength(), alarmLine(p.tally()));
  }
}
