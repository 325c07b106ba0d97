package dev.mlops.core;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;

/**
 * Keeps glibc's allocator from handing the engine's per-step memory back to the kernel.
 *
 * <p>Every training step allocates the batch's activations and gradients (megabytes each) and frees
 * them at its end. With glibc's defaults, blocks above a dynamic threshold are mapped and unmapped
 * one by one, and free memory at the top of the heap is returned to the kernel as soon as it
 * exceeds twice that threshold, so each step touches its memory as new pages again: one page fault
 * per 4 KB. On the 2-core virtual machine of {@code docs/benchmarks.md} page faults were 17-19% of
 * a cnn-small training run's CPU samples ({@code perf}), and setting the two thresholds made the
 * step 2-2.8 times faster (cnn-small 32 px: 520-650 to 1,460-1,690 img/s). PyTorch from Python has
 * the same defaults and the same cost.
 *
 * <p>{@link #tune()} sets {@code M_MMAP_THRESHOLD} to 32 MB (glibc's maximum: larger blocks are
 * still mapped) and {@code M_TRIM_THRESHOLD} to 1 GB, the environment variables {@code
 * MALLOC_MMAP_THRESHOLD_} and {@code MALLOC_TRIM_THRESHOLD_} set before the process starts, which a
 * Maven goal cannot do. The cost: up to 1 GB of freed memory stays with the process until it ends.
 * Setting one threshold alone is worse than neither (it turns off glibc's own adjustment of the
 * other). The system property {@value #PROPERTY}{@code =false} keeps glibc's defaults. Elsewhere
 * than Linux with glibc (no {@code mallopt}), nothing changes.
 *
 * <p>JNA calls the C function: no JDK 17 API can (the foreign-function API is still incubating
 * there), and DJL's native library has no such call.
 */
public final class NativeAllocator {
  /** The system property that turns the tuning off with {@code false}. */
  public static final String PROPERTY = "dev.mlops.engine.tuneAllocator";

  static final int MMAP_THRESHOLD_BYTES = 32 << 20;
  static final int TRIM_THRESHOLD_BYTES = 1 << 30;

  private static final int M_TRIM_THRESHOLD = -1;
  private static final int M_MMAP_THRESHOLD = -3;

  /** glibc's {@code int mallopt(int param, int value)}: 1 on success, 0 on error. */
  interface CLibrary extends Library {
    int mallopt(int param, int value);
  }

  /** What {@link #tune()} did. */
  public enum Outcome {
    /** Both thresholds are set. */
    TUNED,
    /** The system property asked for glibc's defaults. */
    TURNED_OFF,
    /** Not Linux, no glibc {@code mallopt}, or it refused a value: allocator unchanged. */
    UNAVAILABLE
  }

  /** Tuned once per JVM, when the engine first loads; the allocator is process-wide anyway. */
  private static final class Once {
    static final Outcome OUTCOME = apply();
  }

  private NativeAllocator() {}

  /** Sets the thresholds on first call; later calls return the first outcome. */
  public static Outcome tune() {
    return Once.OUTCOME;
  }

  static Outcome apply() {
    if ("false".equalsIgnoreCase(System.getProperty(PROPERTY))) {
      return Outcome.TURNED_OFF;
    }
    if (!Platform.isLinux()) {
      return Outcome.UNAVAILABLE;
    }
    try {
      CLibrary c = Native.load(Platform.C_LIBRARY_NAME, CLibrary.class);
      // The mmap threshold first: setting it also stops glibc from raising it on its own.
      boolean mmap = c.mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES) == 1;
      boolean trim = mmap && c.mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD_BYTES) == 1;
      return trim ? Outcome.TUNED : Outcome.UNAVAILABLE;
    } catch (LinkageError e) {
      // No mallopt (musl, another C library) or JNA's native part cannot load here.
      return Outcome.UNAVAILABLE;
    }
  }
}
