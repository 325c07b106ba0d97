package dev.mlops.core;

import ai.djl.engine.Engine;
import ai.djl.engine.EngineException;

/**
 * The one place that chooses the deep-learning engine. Every DJL use in the core goes through here,
 * so a later GPU profile changes one class and the parent POM's engine properties.
 */
public final class Engines {
  /** DJL's name of the PyTorch engine. */
  public static final String PYTORCH = "PyTorch";

  /** The system property that stops DJL from downloading native libraries at run time. */
  static final String OFFLINE_PROPERTY = "ai.djl.offline";

  private Engines() {}

  /**
   * Returns the PyTorch engine, loading its native library on first use.
   *
   * <p>Sets {@code ai.djl.offline=true} unless the caller has set it: the native library comes from
   * the {@code pytorch-native-cpu} jar on the class path, and a build must never reach the network
   * for it. Tunes the native allocator first ({@link NativeAllocator}), so that the engine's
   * per-step tensors reuse memory instead of faulting in new pages every step.
   *
   * @throws IllegalStateException when the engine or its native library cannot be loaded
   */
  public static Engine pytorch() {
    if (System.getProperty(OFFLINE_PROPERTY) == null) {
      System.setProperty(OFFLINE_PROPERTY, "true");
    }
    NativeAllocator.tune();
    try {
      return Engine.getEngine(PYTORCH);
    } catch (EngineException | IllegalArgumentException e) {
      throw new IllegalStateException(
          "cannot load the PyTorch engine: "
              + e.getMessage()
              + " (the pytorch-engine, pytorch-jni and pytorch-native-cpu jars must be on the class"
              + " path in the versions mlops was built with)",
          e);
    }
  }

  /**
   * Seeds the engine's random number generator, which draws initial weights and dropout masks. The
   * generator is process-wide: callers that need reproducible draws must not interleave them with
   * other threads' draws.
   */
  public static void seed(long seed) {
    pytorch().setRandomSeed(Long.hashCode(seed));
  }
}
