package dev.mlops.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Whether a 24 MB block comes from a fresh mapping (glibc's default) or from the heap (tuned), seen
 * in the block's own chunk header, and whether glibc's top pad covers a whole heap, seen through
 * {@code mallinfo2} as the size of the heaps it maps, in fresh child JVMs: in this JVM earlier
 * tests have already moved glibc's dynamic threshold.
 *
 * <p>The pad is checked by what it maps, not by whether glibc unmaps an empty heap with its own
 * pad: the JVM's own small allocations between two calls land right after a block and keep its heap
 * from being empty, depending on the order of calls and on the machine (21 MB released on one, none
 * on another).
 */
class NativeAllocatorTest {
  private static final long MB = 1L << 20;
  private static final long BLOCK = 24 * MB;

  /** glibc's {@code struct mallinfo2} (ten size_t fields). */
  @Structure.FieldOrder({
    "arena",
    "ordblks",
    "smblks",
    "hblks",
    "hblkhd",
    "usmblks",
    "fsmblks",
    "uordblks",
    "fordblks",
    "keepcost"
  })
  public static class MallInfo2 extends Structure implements Structure.ByValue {
    public long arena;
    public long ordblks;
    public long smblks;
    public long hblks;
    public long hblkhd;
    public long usmblks;
    public long fsmblks;
    public long uordblks;
    public long fordblks;
    public long keepcost;
  }

  interface C extends Library {
    MallInfo2 mallinfo2();

    int mallopt(int param, int value);

    String getenv(String name);

    Pointer malloc(long size);

    void free(Pointer p);
  }

  /**
   * Child: tunes (or not, or tunes and then puts glibc's default top pad back), then prints what
   * {@link NativeAllocator#tune()} did, whether a 24 MB block was mapped on its own, how a new
   * thread's arena grows and shrinks (see {@link #growthAndRelease}), and PyTorch's huge-page
   * variable as the C library sees it.
   */
  public static void main(String[] args) throws InterruptedException {
    if (args[0].equals("default")) {
      System.setProperty(NativeAllocator.PROPERTY, "false");
    }
    System.out.println("tuning " + NativeAllocator.tune());
    C c = Native.load(Platform.C_LIBRARY_NAME, C.class);
    if (args[0].equals("glibc-pad")) {
      c.mallopt(-2, 128 << 10);
    }
    Pointer block = c.malloc(BLOCK);
    // glibc marks a chunk it mapped on its own with bit 2 (IS_MMAPPED) of the size word just before
    // the pointer it returns. Read per block, unlike mallinfo2's process-wide mapped total, which a
    // JVM thread freeing its own mapped block at the same moment moved (CI: 24522752 for 24 MB).
    boolean mapped = (block.getLong(-Long.BYTES) & 2) != 0;
    c.free(block);
    System.out.println("mapped " + mapped);
    long[] growthAndRelease = growthAndRelease(c);
    System.out.println("grew " + growthAndRelease[0]);
    System.out.println("released " + growthAndRelease[1]);
    System.out.println("env " + c.getenv(NativeAllocator.TORCH_HUGE_PAGES));
  }

  /**
   * What glibc does when a new thread allocates four 20 MB blocks, more than one 64 MB heap of a
   * thread arena holds, and frees them: the largest step by which its system memory grew on one
   * malloc (a new heap, or the main arena's break, comes with the top pad) and what it gave back.
   * mallinfo2 sums every arena, so other JVM threads move both by some kilobytes; a negative
   * "released" is their growth.
   */
  private static long[] growthAndRelease(C c) throws InterruptedException {
    long[] result = new long[2];
    Thread t =
        new Thread(
            () -> {
              Pointer[] blocks = new Pointer[4];
              long grew = 0;
              for (int i = 0; i < blocks.length; i++) {
                long before = c.mallinfo2().arena;
                blocks[i] = c.malloc(20L << 20);
                grew = Math.max(grew, c.mallinfo2().arena - before);
              }
              long held = c.mallinfo2().arena;
              for (Pointer p : blocks) {
                c.free(p);
              }
              result[0] = grew;
              result[1] = held - c.mallinfo2().arena;
            });
    t.start();
    t.join();
    return result;
  }

  @Test
  void tune_largeBlocksAndEmptyHeapsStay_whereByDefaultTheyGoBackToTheKernel() throws Exception {
    assumeTrue(Platform.isLinux(), "glibc only");

    List<String> tuned = child("tune");
    List<String> glibcPad = child("glibc-pad");
    List<String> untouched = child("default");

    assertThat(tuned).element(0).asString().startsWith("tuning allocator TUNED,");
    assertThat(tuned).element(1).isEqualTo("mapped false");
    // A top pad of a whole heap: each new heap is mapped at its full 64 MB (on the main arena's
    // break, 64 MB beyond the block), and glibc can never find an empty heap worth unmapping.
    assertThat(number(tuned.get(2))).as("a new heap comes whole").isGreaterThanOrEqualTo(60 * MB);
    assertThat(number(tuned.get(3))).as("empty heaps stay").isLessThan(MB);
    assertThat(number(glibcPad.get(2)))
        .as("glibc's pad: heaps as small as the block")
        .isLessThan(30 * MB);
    assertThat(untouched).element(0).asString().startsWith("tuning allocator TURNED_OFF,");
    assertThat(untouched).element(1).isEqualTo("mapped true");
    assertThat(untouched).element(4).isEqualTo("env null");
  }

  @Test
  void tune_kernelInMadviseMode_asksPyTorchForHugePages() throws Exception {
    assumeTrue(Platform.isLinux(), "glibc only");
    String mode = Files.readString(Path.of("/sys/kernel/mm/transparent_hugepage/enabled"));
    assumeTrue(mode.contains("[madvise]"), "the kernel's huge-page mode is not madvise: " + mode);

    List<String> tuned = child("tune");

    assertThat(tuned).element(0).isEqualTo("tuning allocator TUNED, tensor huge pages REQUESTED");
    assertThat(tuned).element(4).isEqualTo("env 1");
  }

  @Test
  void hugePagesFor_onlyInMadviseModeAndNeverOverTheUsersValue() {
    assertThat(NativeAllocator.hugePagesFor("always [madvise] never\n", null))
        .isEqualTo(NativeAllocator.HugePages.REQUESTED);
    assertThat(NativeAllocator.hugePagesFor("always [madvise] never\n", "0"))
        .isEqualTo(NativeAllocator.HugePages.FROM_ENVIRONMENT);
    assertThat(NativeAllocator.hugePagesFor("[always] madvise never\n", null))
        .isEqualTo(NativeAllocator.HugePages.KERNEL_DECIDES);
    assertThat(NativeAllocator.hugePagesFor("always madvise [never]\n", null))
        .isEqualTo(NativeAllocator.HugePages.KERNEL_DECIDES);
    assertThat(NativeAllocator.hugePagesFor(null, null))
        .isEqualTo(NativeAllocator.HugePages.KERNEL_DECIDES);
  }

  private static long number(String line) {
    return Long.parseLong(line.substring(line.indexOf(' ') + 1));
  }

  @Test
  void apply_propertyFalse_keepsTheDefaults() {
    String old = System.getProperty(NativeAllocator.PROPERTY);
    System.setProperty(NativeAllocator.PROPERTY, "false");
    try {
      assertThat(NativeAllocator.apply())
          .isEqualTo(
              new NativeAllocator.Tuning(
                  NativeAllocator.Outcome.TURNED_OFF, NativeAllocator.HugePages.NOT_REQUESTED));
    } finally {
      if (old == null) {
        System.clearProperty(NativeAllocator.PROPERTY);
      } else {
        System.setProperty(NativeAllocator.PROPERTY, old);
      }
    }
  }

  private static List<String> child(String mode) throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                NativeAllocatorTest.class.getName(),
                mode)
            .redirectErrorStream(true);
    // Without this the child would inherit the variable from this JVM's C environment, where an
    // earlier test's engine start has set it (the JDK passes that environment on when a
    // ProcessBuilder's own is left untouched), or from the user's shell.
    builder.environment().remove(NativeAllocator.TORCH_HUGE_PAGES);
    Process p = builder.start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("child JVM did not finish in 60 s");
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(out).isZero();
    return out.lines().toList();
  }
}
