package dev.mlops.benchmarks;

import com.sun.management.OperatingSystemMXBean;
import dev.mlops.core.Progress;
import dev.mlops.core.data.SplitPolicy;
import dev.mlops.core.drift.ObservationExtractor;
import dev.mlops.core.drift.Observations;
import dev.mlops.core.drift.Performance;
import dev.mlops.core.drift.Projection;
import dev.mlops.core.export.MachineInfo;
import dev.mlops.core.model.ModelFiles;
import dev.mlops.core.model.Predictor;
import dev.mlops.core.train.TrainingConfig;
import dev.mlops.core.train.TrainingResult;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Trains the example project as {@code mvn install} does, once per training seed, and prints the
 * test accuracy, wall time and CPU time of each run: how much the example's result depends on the
 * seed (a stand-in for another CPU's rounding) and what training costs on this machine.
 *
 * <p>Usage: {@code ExampleTraining <example pom.xml> <data dir> <work dir> <seeds, e.g. 1,2,3>
 * [setting=value ...]}, settings as in the pom ({@code epochs=12}).
 */
public final class ExampleTraining {
  private ExampleTraining() {}

  /** Runs it. */
  public static void main(String[] args) throws Exception {
    Path pom = Path.of(args[0]);
    Path data = Path.of(args[1]);
    Path work = Path.of(args[2]);
    Map<String, String> overrides = new LinkedHashMap<>();
    for (int i = 4; i < args.length; i++) {
      String[] kv = args[i].split("=", 2);
      overrides.put(kv[0], kv[1]);
    }
    Map<String, String> settings = PomTraining.settings(pom, overrides);
    System.out.println("settings: " + settings);
    MachineInfo machine = MachineInfo.current();
    System.out.println(machine.cpu() + ", " + machine.cores() + " cores");
    for (String seed : args[3].split(",")) {
      settings.put("seed", seed.trim());
      run(data, work.resolve("seed-" + seed.trim()), PomTraining.config(settings, 2));
    }
  }

  private static void run(Path data, Path out, TrainingConfig config) throws Exception {
    var os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    double load = os.getSystemLoadAverage();
    long cpuStart = os.getProcessCpuTime();
    long start = System.nanoTime();
    TrainingResult result =
        PomTraining.train(
            data, PomTraining.scan(data, SplitPolicy.DEFAULT), config, out, Progress.NONE);
    double wall = (System.nanoTime() - start) / 1e9;
    double cpu = (os.getProcessCpuTime() - cpuStart) / 1e9;
    try (Predictor predictor = ModelFiles.load(result.outputDir())) {
      Path testDir = data.resolve("test");
      List<String> files = DriftReplicate.relativeFiles(testDir);
      int[] labels =
          files.stream().mapToInt(f -> predictor.labels().indexOf(f.split("/")[0])).toArray();
      Observations test =
          new ObservationExtractor(
                  predictor,
                  Projection.defaults(predictor.embeddingSize()),
                  DriftBenchmark.BATCH,
                  DriftBenchmark.WORKERS,
                  Progress.NONE)
              .extract(testDir, files, labels, "test")
              .observations();
      Performance p = Performance.of(test.predicted(), test.labels());
      System.out.printf(
          Locale.ROOT,
          "seed %d: best epoch %d of %d, val accuracy %.4f, test accuracy %.4f (%d/%d), macro F1"
              + " %.4f; training incl. baseline %.1f s wall, %.1f s CPU (load %.1f before)%n",
          config.seed(),
          result.bestEpoch(),
          config.epochs(),
          result.valAccuracy(),
          p.accuracy(),
          p.correct(),
          p.images(),
          p.macroF1(),
          wall,
          cpu,
          load);
    }
  }
}
