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
 * through glibc's {@code mallinfo2}, in fresh child JVMs: in this JVM earlier tests have already
 * moved glibc's dynamic threshold.
 */
class NativeAllocatorTest {
  private static final long BLOCK = 24L << 20;

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
   * {@link NativeAllocator#tune()} did, the mapped bytes a 24 MB malloc added, the arena memory
   * released when a new thread frees the four 20 MB blocks it allocated (more than one 64 MB heap
   * of its arena), and PyTorch's huge-page variable as the C library sees it.
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
    long before = c.mallinfo2().hblkhd;
    Pointer block = c.malloc(BLOCK);
    long during = c.mallinfo2().hblkhd;
    c.free(block);
    System.out.println("mapped " + (during - before));
    long[] released = new long[1];
    Thread t =
        new Thread(
            () -> {
              Pointer[] blocks = new Pointer[4];
              for (int i = 0; i < blocks.length; i++) {
                blocks[i] = c.malloc(20L << 20);
              }
              long held = c.mallinfo2().arena;
              for (Pointer p : blocks) {
                c.free(p);
              }
              released[0] = held - c.mallinfo2().arena;
            });
    t.start();
    t.join();
    System.out.println("released " + released[0]);
    System.out.println("env " + c.getenv(NativeAllocator.TORCH_HUGE_PAGES));
  }

  @Test
  void tune_largeBlocksAndEmptyHeapsStay_whereByDefaultTheyGoBackToTheKernel() throws Exception {
    assumeTrue(Platform.isLinux(), "glibc only");

    List<String> tuned = child("tune");
    List<String> glibcPad = child("glibc-pad");
    List<String> untouched = child("default");

    assertThat(tuned).element(0).asString().startsWith("tuning allocator TUNED,");
    assertThat(tuned).element(1).isEqualTo("mapped 0");
    assertThat(tuned).element(2).isEqualTo("released 0");
    assertThat(number(glibcPad.get(2))).as("glibc's top pad unmaps empty heaps").isPositive();
    assertThat(untouched).element(0).asString().startsWith("tuning allocator TURNED_OFF,");
    assertThat(number(untouched.get(1))).isGreaterThanOrEqualTo(BLOCK);
    assertThat(untouched).element(3).isEqualTo("env null");
  }

  @Test
  void tune_kernelInMadviseMode_asksPyTorchForHugePages() throws Exception {
    assumeTrue(Platform.isLinux(), "glibc only");
    String mode = Files.readString(Path.of("/sys/kernel/mm/transparent_hugepage/enabled"));
    assumeTrue(mode.contains("[madvise]"), "the kernel's huge-page mode is not madvise: " + mode);

    List<String> tuned = child("tune");

    assertThat(tuned).element(0).isEqualTo("tuning allocator TUNED, tensor huge pages REQUESTED");
    assertThat(tuned).element(3).isEqualTo("env 1");
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
