package dev.mlops.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StagedObjectsTest {
  @TempDir Path tmp;

  private List<Path> files(String prefix, int count, int seed) throws Exception {
    Random random = new Random(seed);
    List<Path> files = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      byte[] bytes = new byte[1 + random.nextInt(2000)];
      random.nextBytes(bytes);
      files.add(Files.write(tmp.resolve(prefix + i), bytes));
    }
    return files;
  }

  private static long objects(ObjectStore store) throws Exception {
    Path objects = store.root().resolve("objects");
    if (!Files.exists(objects)) {
      return 0;
    }
    try (Stream<Path> all = Files.walk(objects)) {
      return all.filter(Files::isRegularFile).count();
    }
  }

  private static long batchFiles(ObjectStore store) throws Exception {
    try (Stream<Path> all = Files.walk(store.root().resolve("tmp"))) {
      return all.filter(Files::isRegularFile).count();
    }
  }

  @Test
  void publish_stagedFiles_storesEachObjectOnceAndCleansTheBatch() throws Exception {
    ObjectStore store = new ObjectStore(tmp.resolve("store"));
    List<Path> files = files("in-", 20, 1);
    files.add(Files.copy(files.get(0), tmp.resolve("copy-of-0")));
    List<String> hashes = new ArrayList<>();

    List<String> written;
    try (StagedObjects staged = store.stage()) {
      Hashing hashing = new Hashing();
      for (Path f : files) {
        hashes.add(staged.hashOrStage(f, hashing));
      }
      assertThat(objects(store)).as("nothing is an object before publish").isZero();
      written = staged.publish();
    }

    for (int i = 0; i < files.size(); i++) {
      assertThat(hashes.get(i)).isEqualTo(Hashing.sha256(files.get(i)));
      store.verify(hashes.get(i));
    }
    assertThat(written).hasSize(20).doesNotHaveDuplicates();
    assertThat(objects(store)).isEqualTo(20);
    assertThat(batchFiles(store)).isZero();
    assertThat(store.root().resolve("tmp")).isEmptyDirectory();
  }

  @Test
  void publish_objectsAlreadyStored_writesOnlyTheNewOnes() throws Exception {
    ObjectStore store = new ObjectStore(tmp.resolve("store"));
    List<Path> files = files("in-", 6, 2);
    String old = store.put(files.get(2));

    List<String> written;
    try (StagedObjects staged = store.stage()) {
      Hashing hashing = new Hashing();
      for (Path f : files) {
        staged.hashOrStage(f, hashing);
      }
      written = staged.publish();
    }

    assertThat(written).hasSize(5).doesNotContain(old);
    assertThat(objects(store)).isEqualTo(6);
    assertThat(store.root().resolve("tmp")).isEmptyDirectory();
  }

  @Test
  void close_withoutPublish_leavesNoObjectAndNoTemporaryFile() throws Exception {
    ObjectStore store = new ObjectStore(tmp.resolve("store"));
    try (StagedObjects staged = store.stage()) {
      for (Path f : files("in-", 5, 3)) {
        staged.stage(f);
      }
    }

    assertThat(objects(store)).isZero();
    assertThat(store.root().resolve("tmp")).isEmptyDirectory();
  }

  @Test
  void hashOrStage_storeHoldsWhatIsStaged_stopsCopyingAfterTheProbe() throws Exception {
    ObjectStore store = new ObjectStore(tmp.resolve("store"));
    List<Path> files = files("in-", 200, 4);
    store.putAll(files);

    try (StagedObjects staged = store.stage()) {
      Hashing hashing = new Hashing();
      for (Path f : files) {
        assertThat(staged.hashOrStage(f, hashing)).isEqualTo(Hashing.sha256(f));
      }
      // Only the probe's files were copied: the rest were hashed in place.
      assertThat(batchFiles(store)).isEqualTo(StagedObjects.PROBE + 1);
      assertThat(staged.publish()).isEmpty();
    }
    assertThat(store.root().resolve("tmp")).isEmptyDirectory();
  }

  @Test
  void stage_missingFile_failsNamingIt() throws Exception {
    ObjectStore store = new ObjectStore(tmp.resolve("store"));
    try (StagedObjects staged = store.stage()) {
      assertThatThrownBy(() -> staged.stage(tmp.resolve("gone.png")))
          .isInstanceOf(NoSuchFileException.class)
          .hasMessageContaining("gone.png");
    }
  }
}
