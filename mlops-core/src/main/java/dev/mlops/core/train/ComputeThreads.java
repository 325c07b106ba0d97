package dev.mlops.core.train;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import dev.mlops.core.Engines;

/**
 * Fixes the engine's intra-op thread count, which the fingerprint includes because it changes how
 * PyTorch splits float reductions. DJL reads {@code ai.djl.pytorch.num_threads} only when the
 * engine first loads; in a JVM where it is already loaded (a second goal, a test suite) the count
 * is set through PyTorch's {@code set_num_threads}, which applies from the next operation. The one
 * PyTorch-specific call of the training package lives here; inference benchmarks use it too, so
 * they run with the thread count they report.
 */
public final class ComputeThreads {
  static final String PROPERTY = "ai.djl.pytorch.num_threads";

  /** Inter-op threads only run independent operations in parallel; results do not depend on it. */
  static final String INTEROP_PROPERTY = "ai.djl.pytorch.num_interop_threads";

  private ComputeThreads() {}

  /**
   * Loads the engine with {@code threads} compute threads, or switches it to that count. The count
   * is process-wide: it applies to every later operation of the engine.
   */
  public static Engine engine(int threads) {
    System.setProperty(PROPERTY, Integer.toString(threads));
    if (System.getProperty(INTEROP_PROPERTY) == null) {
      System.setProperty(INTEROP_PROPERTY, Integer.toString(threads));
    }
    Engine engine = Engines.pytorch();
    if (JniUtils.getNumThreads() != threads) {
      JniUtils.setNumThreads(threads);
    }
    return engine;
  }

  /** The engine's current intra-op thread count (the engine must be loaded). */
  public static int current() {
    return JniUtils.getNumThreads();
  }
}
