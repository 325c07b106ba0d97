package dev.mlops.core.data.version;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.MlopsException;
import dev.mlops.core.Progress;
import dev.mlops.core.ProgressLog;
import dev.mlops.core.data.DatasetScanner;
import dev.mlops.core.data.Manifest;
import dev.mlops.core.data.ScanConfig;
import dev.mlops.core.data.SplitPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The swap of a forced checkout failing, or the process dying, at each of its renames. */
class CheckoutSwapTest {
  /** Stands for the process being killed: nothing in the checkout catches it. */
  private static final class Killed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Killed() {
      super("killed");
    }
  }

  @TempDir Path tmp;
  private DatasetFixture f;
  private Manifest v1;

  /** v2 on disk plus local changes, one hidden file, and v1 to check out by force. */
  @BeforeEach
  void setUp() throws Exception {
    f = new DatasetFixture(tmp);
    f.write("train/cat/a.png", "cat-a").write("train/cat/b.png", "cat-b-1");
    f.write("train/cat/gone.png", "gone").write("train/old/x.png", "x");
    f.write("test/cat/c.png", "cat-c");
    v1 = f.scan();
    f.version("pets");
    f.write("train/cat/b.png", "cat-b-2").delete("train/cat/gone.png");
    f.delete("train/old/x.png").write("val/bird/new.png", "bird");
    f.version("pets");
    f.write("train/cat/a.png", "edited locally").write("notes/readme.txt", "mine");
    Files.writeString(f.data.resolve(".keep"), "hidden");
  }

  @AfterEach
  void tearDown() {
    f.close();
  }

  private DataCheckout checkout(CheckoutSwap.Hook hook, Progress progress) {
    return new DataCheckout(f.registry, f.store, progress, hook);
  }

  @Test
  void checkout_renameFailsAtAnyStep_putsEveryFileBackAndRemovesTheStaging() throws Exception {
    Map<String, String> before = DatasetFixture.listing(tmp);
    int failAt = 0;
    while (!checkoutFailingAt(failAt)) {
      assertThat(DatasetFixture.listing(tmp))
          .as("after a failure at rename %d", failAt)
          .isEqualTo(before);
      failAt++;
    }
    // 4 files out (a.png, b.png, new.png, readme.txt), 4 in (a.png, b.png, gone.png, x.png).
    assertThat(failAt).isEqualTo(8);
    assertThat(f.fileHashes()).isEqualTo(DatasetFixture.hashesOf(v1));
    assertThat(f.data.resolve(".mlops-checkout")).doesNotExist();
  }

  /** Forces a checkout of v1 whose {@code step}-th rename fails; true when none did. */
  private boolean checkoutFailingAt(int step) throws Exception {
    CheckoutSwap.Hook hook =
        n -> {
          if (n == step) {
            throw new IOException("disk gone at rename " + step);
          }
        };
    try {
      checkout(hook, Progress.NONE).checkout("pets", 1, f.data, true, null);
      return true;
    } catch (MlopsException e) {
      assertThat(e)
          .hasMessageContaining("disk gone at rename " + step)
          .hasMessageContaining("every file was put back, the data directory was not changed");
      return false;
    }
  }

  @Test
  void checkout_killedAtAnyStep_isRefusedByTheScannerAndUndoneByTheNextCheckout() throws Exception {
    Map<String, String> before = DatasetFixture.listing(tmp);
    int killAt = 0;
    while (!checkoutKilledAt(killAt)) {
      assertThat(f.data.resolve(".mlops-checkout/journal.json")).exists();
      assertThatThrownBy(
              () ->
                  new DatasetScanner(Progress.NONE)
                      .scan(new ScanConfig(f.data, SplitPolicy.DEFAULT, null)))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("or was interrupted doing so: it holds a mix of two versions");
      List<String> events = new ArrayList<>();

      // Not forced: the interrupted swap is undone first, then the local changes are refused.
      assertThatThrownBy(
              () ->
                  checkout(CheckoutSwap.Hook.NONE, ProgressLog.to(events))
                      .checkout("pets", 1, f.data, false, null))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("notes/readme.txt, train/cat/a.png");
      assertThat(events)
          .anyMatch(e -> e.startsWith("WARN An interrupted checkout had left "))
          .anyMatch(e -> e.endsWith("the directory is as it was before that checkout"));
      assertThat(DatasetFixture.listing(tmp))
          .as("after a kill at rename %d", killAt)
          .isEqualTo(before);
      killAt++;
    }
    assertThat(killAt).isEqualTo(8);
    assertThat(f.fileHashes()).isEqualTo(DatasetFixture.hashesOf(v1));
  }

  /** Forces a checkout of v1 that is killed before its {@code step}-th rename; true if not. */
  private boolean checkoutKilledAt(int step) throws Exception {
    CheckoutSwap.Hook hook =
        n -> {
          if (n == step) {
            throw new Killed();
          }
        };
    try {
      checkout(hook, Progress.NONE).checkout("pets", 1, f.data, true, null);
      return true;
    } catch (Killed e) {
      return false;
    }
  }

  @Test
  void checkout_anotherCheckoutRunning_isRefusedWithoutChanges() throws Exception {
    List<String> refusal = new ArrayList<>();
    CheckoutSwap.Hook secondCheckout =
        n -> {
          if (n == 0) {
            try {
              checkout(CheckoutSwap.Hook.NONE, Progress.NONE)
                  .checkout("pets", 2, f.data, true, null);
            } catch (MlopsException e) {
              refusal.add(e.getMessage());
            }
          }
        };

    checkout(secondCheckout, Progress.NONE).checkout("pets", 1, f.data, true, null);

    assertThat(refusal)
        .singleElement()
        .asString()
        .startsWith("another checkout of " + f.data + " is running")
        .endsWith("wait for it to end, then check out again");
    assertThat(f.fileHashes()).isEqualTo(DatasetFixture.hashesOf(v1));
  }

  @Test
  void checkout_folderOnThePathIsASymbolicLink_refusesToWriteThroughItBeforeChanges()
      throws Exception {
    Files.delete(f.data.resolve("notes/readme.txt"));
    Files.delete(f.data.resolve("notes"));
    Files.createDirectories(tmp.resolve("outside"));
    Files.delete(f.data.resolve("train/old"));
    Files.createSymbolicLink(f.data.resolve("train/old"), tmp.resolve("outside"));
    Map<String, String> before = DatasetFixture.listing(tmp);

    assertThatThrownBy(() -> f.versions.checkout("pets", 1, f.data, true, null))
        .isInstanceOf(MlopsException.class)
        .hasMessageContaining("cannot restore train/old/x.png: ")
        .hasMessageContaining("is a symbolic link, and checkout does not write through links")
        .hasMessageContaining("The data directory was not changed");
    assertThat(DatasetFixture.listing(tmp)).isEqualTo(before);
    assertThat(tmp.resolve("outside")).isEmptyDirectory();
  }
}
