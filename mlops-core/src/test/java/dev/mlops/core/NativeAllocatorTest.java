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

    Pointer malloc(long size);

    void free(Pointer p);
  }

  /** Child: prints the mapped bytes a 24 MB malloc added, after tuning when asked to. */
  public static void main(String[] args) {
    if (args[0].equals("tune")) {
      System.out.println("outcome " + NativeAllocator.tune());
    } else {
      System.setProperty(NativeAllocator.PROPERTY, "false");
      System.out.println("outcome " + NativeAllocator.tune());
    }
    C c = Native.load(Platform.C_LIBRARY_NAME, C.class);
    long before = c.mallinfo2().hblkhd;
    Pointer block = c.malloc(BLOCK);
    long during = c.mallinfo2().hblkhd;
    c.free(block);
    System.out.println("mapped " + (during - before));
  }

  @Test
  void tune_largeBlocksComeFromTheHeap_whereByDefaultEachIsANewMapping() throws Exception {
    assumeTrue(Platform.isLinux(), "glibc only");

    List<String> tuned = child("tune");
    List<String> untouched = child("default");

    assertThat(tuned).containsExactly("outcome TUNED", "mapped 0");
    assertThat(untouched).first().isEqualTo("outcome TURNED_OFF");
    long mapped = Long.parseLong(untouched.get(1).substring("mapped ".length()));
    assertThat(mapped).isGreaterThanOrEqualTo(BLOCK);
  }

  @Test
  void apply_propertyFalse_keepsTheDefaults() {
    String old = System.getProperty(NativeAllocator.PROPERTY);
    System.setProperty(NativeAllocator.PROPERTY, "false");
    try {
      assertThat(NativeAllocator.apply()).isEqualTo(NativeAllocator.Outcome.TURNED_OFF);
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
    Process p =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                NativeAllocatorTest.class.getName(),
                mode)
            .redirectErrorStream(true)
            .start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("child JVM did not finish in 60 s");
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(out).isZero();
    return out.lines().toList();
  }
}
