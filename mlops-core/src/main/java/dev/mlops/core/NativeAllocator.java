package dev.mlops.core;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Keeps glibc's allocator from handing the engine's per-step memory back to the kernel, and asks
 * for huge pages for large tensors.
 *
 * <p>Every training step allocates the batch's activations and gradients (megabytes each) and frees
 * them at its end. With glibc's defaults, blocks above a dynamic threshold are mapped and unmapped
 * one by one, free memory at the top of a heap is returned to the kernel as soon as it exceeds
 * twice that threshold, and a thread's own arena unmaps a whole 64 MB heap as soon as it is empty,
 * so each step touches its memory as new pages again: one page fault per 4 KB. On the 2-core
 * virtual machine of {@code docs/benchmarks.md} page faults were 17-19% of a cnn-small training
 * run's CPU samples ({@code perf}), and a fault cost about 9 microseconds there. PyTorch from
 * Python has the same defaults and the same cost.
 *
 * <p>{@link #tune()} sets, with {@code mallopt}:
 *
 * <ul>
 *   <li>{@code M_MMAP_THRESHOLD} to 32 MB (glibc's maximum: larger blocks are still mapped);
 *   <li>{@code M_TRIM_THRESHOLD} to 1 GB;
 *   <li>{@code M_TOP_PAD} to 64 MB, one arena heap: glibc unmaps an empty heap of a thread's arena
 *       only when the heap below it has at least this much free room, which then never happens.
 *       Engine threads are not the JVM's main thread, so their memory lives in such heaps; without
 *       this, cnn-small training ran at either about 1,600 or about 700 img/s, by run.
 * </ul>
 *
 * These are the environment variables {@code MALLOC_MMAP_THRESHOLD_}, {@code
 * MALLOC_TRIM_THRESHOLD_} and {@code MALLOC_TOP_PAD_} set before the process starts, which a Maven
 * goal cannot do. The cost: freed memory (up to 1 GB, and one heap per arena) stays with the
 * process until it ends. Setting one threshold alone is worse than neither (it turns off glibc's
 * own adjustment of the other).
 *
 * <p>Blocks above 32 MB are still mapped and faulted in every step (resnet18 at 224 px: its first
 * layers, 100 MB each). When the kernel gives transparent huge pages only to memory that asks for
 * them ({@code madvise} mode), {@link #tune()} also sets {@value #TORCH_HUGE_PAGES}{@code =1} in
 * the process's environment before the engine loads, unless it is set already: PyTorch then asks
 * for huge pages for each tensor of 2 MB and more, one fault per 2 MB instead of 512 (resnet18 224
 * px training more than twice as fast on that machine). PyTorch reads the variable once, at its
 * first allocation; it also aligns every tensor to 4 KB instead of 64 bytes then. Processes this
 * JVM starts later inherit the variable unless their {@code ProcessBuilder}'s environment is
 * touched (the JDK then passes the C library's environment on); only PyTorch reads it.
 *
 * <p>The system property {@value #PROPERTY}{@code =false} keeps glibc's and PyTorch's defaults.
 * Elsewhere than Linux with glibc (no {@code mallopt}), nothing changes. JNA calls the C functions:
 * no JDK 17 API can (the foreign-function API is still incubating there), and DJL's native library
 * has no such call.
 */
public final class NativeAllocator {
  /** The system property that turns the tuning off with {@code false}. */
  public static final String PROPERTY = "dev.mlops.engine.tuneAllocator";

  /** PyTorch's environment variable for huge pages on tensors of 2 MB and more. */
  public static final String TORCH_HUGE_PAGES = "THP_MEM_ALLOC_ENABLE";

  static final int MMAP_THRESHOLD_BYTES = 32 << 20;
  static final int TRIM_THRESHOLD_BYTES = 1 << 30;
  static final int TOP_PAD_BYTES = 64 << 20;

  private static final Path KERNEL_HUGE_PAGES =
      Path.of("/sys/kernel/mm/transparent_hugepage/enabled");
  private static final int M_TRIM_THRESHOLD = -1;
  private static final int M_TOP_PAD = -2;
  private static final int M_MMAP_THRESHOLD = -3;

  /** glibc's {@code mallopt} (1 on success, 0 on error) and {@code setenv} (0 on success). */
  interface CLibrary extends Library {
    int mallopt(int param, int value);

    int setenv(String name, String value, int overwrite);
  }

  /** What {@link #tune()} did to glibc's allocator. */
  public enum Outcome {
    /** All three settings are made. */
    TUNED,
    /** The system property asked for glibc's defaults. */
    TURNED_OFF,
    /** Not Linux, no glibc {@code mallopt}, or it refused a value: allocator unchanged. */
    UNAVAILABLE
  }

  /** Whether large tensors get transparent huge pages, and why. */
  public enum HugePages {
    /** {@value #TORCH_HUGE_PAGES} was set to 1 by {@link #tune()}. */
    REQUESTED,
    /** {@value #TORCH_HUGE_PAGES} was already in the environment: left as it is. */
    FROM_ENVIRONMENT,
    /** The kernel's mode is not {@code madvise} ({@code always}, {@code never}, or unknown). */
    KERNEL_DECIDES,
    /** The system property asked for PyTorch's defaults, or the platform has no such setting. */
    NOT_REQUESTED
  }

  /** Both decisions, as made once for this JVM. */
  public record Tuning(Outcome allocator, HugePages hugePages) {
    @Override
    public String toString() {
      return "allocator " + allocator + ", tensor huge pages " + hugePages;
    }
  }

  /** Tuned once per JVM, when the engine first loads; the allocator is process-wide anyway. */
  private static final class Once {
    static final Tuning TUNING = apply();
  }

  private NativeAllocator() {}

  /** Makes the settings on first call; later calls return the first result. */
  public static Tuning tune() {
    return Once.TUNING;
  }

  static Tuning apply() {
    if ("false".equalsIgnoreCase(System.getProperty(PROPERTY))) {
      return new Tuning(Outcome.TURNED_OFF, HugePages.NOT_REQUESTED);
    }
    if (!Platform.isLinux()) {
      return new Tuning(Outcome.UNAVAILABLE, HugePages.NOT_REQUESTED);
    }
    CLibrary c;
    try {
      c = Native.load(Platform.C_LIBRARY_NAME, CLibrary.class);
    } catch (LinkageError e) {
      // JNA's native part cannot load here.
      return new Tuning(Outcome.UNAVAILABLE, HugePages.NOT_REQUESTED);
    }
    return new Tuning(thresholds(c), hugePages(c));
  }

  private static Outcome thresholds(CLibrary c) {
    try {
      // The mmap threshold first: setting it also stops glibc from raising it on its own.
      boolean mmap = c.mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES) == 1;
      boolean trim = mmap && c.mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD_BYTES) == 1;
      boolean pad = trim && c.mallopt(M_TOP_PAD, TOP_PAD_BYTES) == 1;
      return pad ? Outcome.TUNED : Outcome.UNAVAILABLE;
    } catch (UnsatisfiedLinkError e) {
      // No mallopt: musl or another C library.
      return Outcome.UNAVAILABLE;
    }
  }

  private static HugePages hugePages(CLibrary c) {
    HugePages decision = hugePagesFor(kernelMode(), System.getenv(TORCH_HUGE_PAGES));
    if (decision != HugePages.REQUESTED) {
      return decision;
    }
    // setenv can race with a getenv on another thread. It runs here once, before the engine's
    // threads exist; Java code never reads the environment through libc (System.getenv keeps a
    // copy made at start-up), and glibc never frees the start-up environment, so a reader still
    // sees a valid array. overwrite=0: a value set meanwhile stays.
    try {
      return c.setenv(TORCH_HUGE_PAGES, "1", 0) == 0 ? decision : HugePages.NOT_REQUESTED;
    } catch (UnsatisfiedLinkError e) {
      // A C library without setenv: PyTorch keeps its default.
      return HugePages.NOT_REQUESTED;
    }
  }

  /**
   * Whether to ask PyTorch for huge pages, given the kernel's mode (the content of {@code
   * /sys/kernel/mm/transparent_hugepage/enabled}, the chosen one in brackets; null when unreadable)
   * and the variable's value in the environment (null when absent).
   */
  static HugePages hugePagesFor(String kernelMode, String current) {
    if (current != null) {
      return HugePages.FROM_ENVIRONMENT;
    }
    return kernelMode != null && kernelMode.contains("[madvise]")
        ? HugePages.REQUESTED
        : HugePages.KERNEL_DECIDES;
  }

  private static String kernelMode() {
    try {
      return Files.readString(KERNEL_HUGE_PAGES, StandardCharsets.US_ASCII);
    } catch (IOException | SecurityException e) {
      return null;
    }
  }
}
