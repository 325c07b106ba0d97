package dev.mlops.benchmarks;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.model.Architectures;
import dev.mlops.core.model.LayerGraph;
import dev.mlops.core.train.SyntheticThroughput;
import dev.mlops.core.train.SyntheticThroughput.Mode;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Fine-tuning throughput: resnet18 training with the backbone frozen ({@code freezeBackbone})
 * against full training, and the forward pass alone for reference, on one random batch kept in
 * memory (the engine alone, through the training step code). Rounds interleave the three modes so
 * that a busy spell of the shared machine hits them alike; each cell is the best round. Writes the
 * "finetune" section of {@code docs/benchmarks.md}.
 *
 * <p>Usage: {@code FineTuneBenchmark <docs/benchmarks.md> [rounds, default 2]}.
 */
public final class FineTuneBenchmark {
  private static final int THREADS = Runtime.getRuntime().availableProcessors();
  private static final int BATCH = 32;

  /** Steps per mode and round: few at 224 px, where a full training step takes seconds. */
  private record Setup(int size, int warmup, Map<Mode, Integer> steps) {}

  private record Line(Setup setup, Map<Mode, Double> imagesPerSecond) {}

  private FineTuneBenchmark() {}

  /** Runs the benchmark. */
  public static void main(String[] args) throws Exception {
    Path docs = Path.of(args[0]);
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 2;
    List<Setup> setups =
        List.of(
            new Setup(64, 2, Map.of(Mode.FULL, 8, Mode.FROZEN_BACKBONE, 16, Mode.FORWARD_ONLY, 16)),
            new Setup(224, 1, Map.of(Mode.FULL, 3, Mode.FROZEN_BACKBONE, 6, Mode.FORWARD_ONLY, 6)));
    CpuShare start = CpuShare.now();
    long began = System.nanoTime();
    List<Line> lines = new ArrayList<>();
    for (Setup s : setups) {
      Map<Mode, Double> best = new EnumMap<>(Mode.class);
      for (int round = 0; round < rounds; round++) {
        for (Mode mode : Mode.values()) {
          SyntheticThroughput.Result r =
              SyntheticThroughput.measure(
                  "resnet18", s.size(), 3, BATCH, THREADS, s.warmup(), s.steps().get(mode), mode);
          System.out.println(r.summary());
          best.merge(mode, r.imagesPerSecond(), Math::max);
        }
      }
      lines.add(new Line(s, best));
    }
    double minutes = (System.nanoTime() - began) / 60e9;
    String section = section(lines, rounds, minutes, CpuShare.othersSince(start));
    System.out.println(section);
    DataBenchmark.Docs.replaceSection(docs, "finetune", section);
  }

  private static String section(List<Line> lines, int rounds, double minutes, double others)
      throws InvalidInputException {
    LayerGraph graph = Architectures.create("resnet18", 2, 3, 224);
    long head =
        graph.parameters().stream()
            .filter(p -> p.name().startsWith(graph.head() + "."))
            .mapToLong(p -> p.size())
            .sum();
    StringBuilder table =
        new StringBuilder(
            "| model | input | batch | full training (img/s) | backbone frozen (img/s) | frozen /"
                + " full | forward only (img/s) | frozen / forward only |\n"
                + "|---|---|---:|---:|---:|---:|---:|---:|\n");
    for (Line l : lines) {
      double full = l.imagesPerSecond().get(Mode.FULL);
      double frozen = l.imagesPerSecond().get(Mode.FROZEN_BACKBONE);
      double forward = l.imagesPerSecond().get(Mode.FORWARD_ONLY);
      table.append(
          String.format(
              Locale.ROOT,
              "| resnet18 | %dx%d | %d | %.1f | %.1f | %.2fx | %.1f | %.2f |%n",
              l.setup().size(),
              l.setup().size(),
              BATCH,
              full,
              frozen,
              frozen / full,
              forward,
              frozen / forward));
    }
    return String.format(
        Locale.ROOT,
        """
        ## Fine-tuning: backbone frozen against full training

        Measured %s by `benchmarks/run.sh finetune` (class `FineTuneBenchmark`, %.1f min) on
        %s, %d compute threads, Adam, RGB input, 2 classes, batch %d. Each mode is the engine
        alone on one random batch kept in memory, through the training step code
        (`SyntheticThroughput`): "full training" is forward, backward and update of all %,d
        weights; "backbone frozen" is `freezeBackbone` (the head's %,d weights train; the
        backbone's batch norms run in inference mode); "forward only" is an inference-mode
        forward pass, the floor a frozen step approaches. Best of %d interleaved rounds per cell.
        Other processes used %.0f%% of the machine's CPU time meanwhile (`/proc/stat`; the machine
        is shared with other builds): a long full-training step at 224 px is the likeliest to
        overlap a busy spell, so the ratios move by a factor of up to 1.5 from run to run.

        %s
        Why frozen training is this much faster: the backbone's weights do not record gradients,
        so PyTorch builds no backward graph through it. In a full step the backward pass computes
        two gradients per convolution (with respect to its input and to its weight), about twice
        the forward pass's work, and Adam then reads and writes four arrays of %,d floats; with
        the backbone frozen, backward runs through the head alone (one %d x 512 linear layer) and
        Adam updates %,d weights. What is left is the forward pass: a frozen step runs at about
        the speed of inference (last column), and full training costs %.1f-%.1fx as much per
        image here. Frozen batch norms normalise with their running statistics, as in inference.
        """,
        LocalDate.now(),
        minutes,
        ServingRows.machine(),
        THREADS,
        BATCH,
        graph.parameterCount(),
        head,
        rounds,
        100 * others,
        table,
        graph.parameterCount(),
        graph.numClasses(),
        head,
        minRatio(lines),
        maxRatio(lines));
  }

  private static double ratio(Line l) {
    return l.imagesPerSecond().get(Mode.FROZEN_BACKBONE) / l.imagesPerSecond().get(Mode.FULL);
  }

  private static double minRatio(List<Line> lines) {
    return lines.stream().mapToDouble(FineTuneBenchmark::ratio).min().orElse(Double.NaN);
  }

  private static double maxRatio(List<Line> lines) {
    return lines.stream().mapToDouble(FineTuneBenchmark::ratio).max().orElse(Double.NaN);
  }
}
