package dev.mlops.core.data.version;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.MlopsException;
import dev.mlops.core.Remedy;
import dev.mlops.core.Stage;
import dev.mlops.core.data.Manifest;
import dev.mlops.core.store.CorruptObjectException;
import dev.mlops.core.store.MissingObjectException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetCheckoutTest {
  @TempDir Path tmp;
  private DatasetFixture f;
  private Manifest v1;
  private Manifest v2;

  /** v1 and v2 differ by a changed, a removed, an added and a relabelled file. */
  @BeforeEach
  void setUp() throws Exception {
    f = new DatasetFixture(tmp);
    f.write("train/cat/a.png", "cat-a").write("train/cat/b.png", "cat-b-1");
    f.write("train/cat/gone.png", "gone").write("train/cat/moved.png", "dog-really");
    f.write("test/cat/c.png", "cat-c");
    v1 = f.scan();
    f.version("pets");
    f.write("train/cat/b.png", "cat-b-2").delete("train/cat/gone.png");
    f.delete("train/cat/moved.png").write("train/dog/moved.png", "dog-really");
    f.write("val/bird/new.png", "bird");
    v2 = f.scan();
    f.version("pets");
  }

  @AfterEach
  void tearDown() {
    f.close();
  }

  @Test
  void checkout_olderVersion_restoresEveryFileByteForByte() throws Exception {
    Files.writeString(f.data.resolve(".keep"), "hidden stays");
    Files.createDirectories(f.data.resolve("train/dog/.cache"));

    CheckoutResult result = f.versions.checkout("pets", 1, f.data, false, tmp.resolve("c.tsv"));

    assertThat(f.fileHashes()).isEqualTo(DatasetFixture.hashesOf(v1));
    assertThat(f.scan().id()).isEqualTo(v1.id());
    assertThat(result.written()).isEqualTo(3);
    assertThat(result.deleted()).isEqualTo(2);
    assertThat(result.unchanged()).isEqualTo(2);
    assertThat(f.data.resolve(".keep")).hasContent("hidden stays");
    assertThat(f.data.resolve("val")).doesNotExist();
    assertThat(f.data.resolve("train/dog/.cache")).isDirectory();

    f.versions.checkout("pets", 2, f.data, false, tmp.resolve("c.tsv"));

    assertThat(f.fileHashes()).isEqualTo(DatasetFixture.hashesOf(v2));
  }

  @Test
  void checkout_intoMissingDirectory_createsIt() throws Exception {
    Path fresh = tmp.resolve("elsewhere/data");

    CheckoutResult result = f.versions.checkout("pets", 2, fresh, false, null);

    assertThat(result.written()).isEqualTo(v2.entries().size());
    assertThat(Files.readString(fresh.resolve("val/bird/new.png"))).isEqualTo("bird");
  }

  @Test
  void checkout_localUnversionedChanges_refusesListingThemAndChangesNothing() throws Exception {
    f.write("train/cat/a.png", "edited locally");
    f.write("notes/readme.txt", "my notes");

    assertThatThrownBy(() -> f.versions.checkout("pets", 1, f.data, false, null))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("notes/readme.txt, train/cat/a.png")
        .hasMessageContaining("Record them in a dataset version first, or discard them")
        .extracting(e -> ((MlopsException) e).remedy())
        .isEqualTo(Remedy.run(Stage.VERSION_DATA).orSetting("force"));
    assertThat(f.data.resolve("train/cat/a.png")).hasContent("edited locally");
    assertThat(f.data.resolve("val/bird/new.png")).exists();
  }

  @Test
  void checkout_force_discardsUnversionedChanges() throws Exception {
    f.write("train/cat/a.png", "edited locally");
    f.write("notes/readme.txt", "my notes");

    f.versions.checkout("pets", 1, f.data, true, null);

    assertThat(f.fileHashes()).isEqualTo(DatasetFixture.hashesOf(v1));
    assertThat(f.data.resolve("notes")).doesNotExist();
    assertThat(f.data.resolve(".mlops-checkout")).doesNotExist();
  }

  @Test
  void checkout_manyUnversionedFiles_listsTwentyAndCountsTheRest() throws Exception {
    for (int i = 0; i < 25; i++) {
      f.write(String.format("train/cat/x%02d.png", i), "local-" + i);
    }

    assertThatThrownBy(() -> f.versions.checkout("pets", 2, f.data, false, null))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("delete 25 file(s)")
        .hasMessageContaining("train/cat/x19.png and 5 more");
  }

  @Test
  void checkout_objectMissingFromStore_failsNamingHashFileAndStoreBeforeChanges() throws Exception {
    String sha =
        v1.entries().stream()
            .filter(e -> e.path().equals("train/cat/gone.png"))
            .findFirst()
            .orElseThrow()
            .sha256();
    Files.delete(f.store.objectPath(sha));

    assertThatThrownBy(() -> f.versions.checkout("pets", 1, f.data, false, null))
        .isInstanceOf(MissingObjectException.class)
        .hasMessageContaining(sha)
        .hasMessageContaining("train/cat/gone.png")
        .hasMessageContaining(f.store.objectPath(sha).toString());
    assertThat(f.fileHashes()).isEqualTo(DatasetFixture.hashesOf(v2));
  }

  @Test
  void checkout_forceWithCorruptObject_failsNamingItAndLeavesTheDirectoryExactlyAsItWas()
      throws Exception {
    addLocalState();
    String sha = sha(v1, "train/cat/gone.png");
    Path object = f.store.objectPath(sha);
    byte[] bytes = Files.readAllBytes(object);
    bytes[bytes.length / 2] ^= 1;
    Files.write(object, bytes);
    Map<String, String> before = DatasetFixture.listing(tmp);

    assertThatThrownBy(() -> f.versions.checkout("pets", 1, f.data, true, null))
        .isInstanceOf(CorruptObjectException.class)
        .hasMessageContaining(sha)
        .hasMessageContaining("train/cat/gone.png")
        .hasMessageContaining("not changed");
    assertThat(DatasetFixture.listing(tmp)).isEqualTo(before);
  }

  @Test
  void checkout_forceWithMissingObject_failsAndLeavesTheDirectoryExactlyAsItWas() throws Exception {
    addLocalState();
    String sha = sha(v1, "train/cat/gone.png");
    Files.delete(f.store.objectPath(sha));
    Map<String, String> before = DatasetFixture.listing(tmp);

    assertThatThrownBy(() -> f.versions.checkout("pets", 1, f.data, true, null))
        .isInstanceOf(MissingObjectException.class)
        .hasMessageContaining(sha)
        .hasMessageContaining("train/cat/gone.png");
    assertThat(DatasetFixture.listing(tmp)).isEqualTo(before);
  }

  @Test
  void checkout_forceWithADirectoryInTheWay_undoesEveryMoveAndLeavesTheDirectoryAsItWas()
      throws Exception {
    addLocalState();
    // Holds only a hidden file, so it is not part of the data, yet v1 wants a file there:
    // renaming the staged file into place fails after other files were already swapped.
    Files.createDirectories(f.data.resolve("train/cat/gone.png"));
    Files.writeString(f.data.resolve("train/cat/gone.png/.hidden"), "in the way");
    Map<String, String> before = DatasetFixture.listing(tmp);

    assertThatThrownBy(() -> f.versions.checkout("pets", 1, f.data, true, null))
        .isInstanceOf(MlopsException.class)
        .hasMessageContaining("train/cat/gone.png")
        .hasMessageContaining("not changed");
    assertThat(DatasetFixture.listing(tmp)).isEqualTo(before);
  }

  @Test
  void checkout_forceIntoMissingDirectoryWithCorruptObject_createsNothing() throws Exception {
    String sha = sha(v1, "train/cat/gone.png");
    Files.write(f.store.objectPath(sha), "other bytes".getBytes(StandardCharsets.UTF_8));
    Path fresh = tmp.resolve("elsewhere/data");

    assertThatThrownBy(() -> f.versions.checkout("pets", 1, fresh, true, null))
        .isInstanceOf(CorruptObjectException.class);
    assertThat(tmp.resolve("elsewhere")).doesNotExist();
  }

  /** Local edits, an unversioned file and hidden files on top of v2. */
  private void addLocalState() throws Exception {
    f.write("train/cat/a.png", "edited locally");
    f.write("notes/readme.txt", "my notes");
    Files.writeString(f.data.resolve(".keep"), "hidden stays");
    Files.createDirectories(f.data.resolve("train/dog/.cache"));
    Files.createDirectories(f.data.resolve("empty/dir"));
  }

  private static String sha(Manifest manifest, String path) {
    return manifest.entries().stream()
        .filter(e -> e.path().equals(path))
        .findFirst()
        .orElseThrow()
        .sha256();
  }

  @Test
  void checkout_unknownVersion_namesExistingVersions() {
    assertThatThrownBy(() -> f.versions.checkout("pets", 3, f.data, false, null))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("v1, v2");
  }
}
