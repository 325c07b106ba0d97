package dev.mlops.benchmarks;

import java.util.Locale;

/** The extraction-throughput part of the drift section. */
final class DriftThroughputRows {
  private DriftThroughputRows() {}

  static String section(DriftThroughput.Result speed) {
    return throughput(speed);
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
                + " are `ObservationExtractor` (without a model, then with the first digits replicate's model at"
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
