package dev.mlops.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ObjectStoreBatchTest {
  @TempDir Path tmp;

  /** {@code count} files of seeded random bytes; file {@code i} repeats file 0 when i % 7 == 6. */
  private List<Path> files(int count) throws Exception {
    Random random = new Random(7);
    List<Path> files = new ArrayList<>();
    byte[] first = null;
    for (int i = 0; i < count; i++) {
      byte[] bytes = new byte[1 + random.nextInt(3000)];
      random.nextBytes(bytes);
      first = first == null ? bytes : first;
      files.add(Files.write(tmp.resolve("in-" + i), i % 7 == 6 ? first : bytes));
    }
    return files;
  }

  private static long objects(ObjectStore store) throws Exception {
    try (Stream<Path> all = Files.walk(store.root().resolve("objects"))) {
      return all.filter(Files::isRegularFile).count();
    }
  }

  @Test
  void putAll_manyFiles_storesEachUnderItsHashAndLeavesNoTemporaryFiles() throws Exception {
    ObjectStore store = new ObjectStore(tmp.resolve("store"));
    List<Path> files = files(300);

    List<String> shas = store.putAll(files);

    assertThat(shas).hasSize(300);
    for (int i = 0; i < files.size(); i++) {
      assertThat(shas.get(i)).isEqualTo(Hashing.sha256(files.get(i)));
      assertThat(Files.readAllBytes(store.objectPath(shas.get(i))))
          .isEqualTo(Files.readAllBytes(files.get(i)));
      store.verify(shas.get(i));
    }
    assertThat(objects(store)).isEqualTo(300 - 300 / 7);
    assertThat(store.root().resolve("tmp")).isEmptyDirectory();
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(store.objectPath(shas.get(0)))))
        .isEqualTo("rw-r--r--");
  }

  @Test
  void putAll_expectedHashes_skipsStoredObjectsWithoutReadingTheirFiles() throws Exception {
    ObjectStore store = new ObjectStore(tmp.resolve("store"));
    List<Path> files = files(3);
    String stored = store.put(files.get(0));
    List<String> expected = List.of(stored, Hashing.sha256(files.get(1)));
    Files.delete(files.get(0)); // would fail the batch if it were read

    List<Integer> written = store.putAll(List.of(files.get(0), files.get(1)), expected);

    assertThat(written).containsExactly(1);
    assertThat(store.has(expected.get(1))).isTrue();
    assertThat(objects(store)).isEqualTo(2);
  }

  @Test
  void putAll_expectedHashes_writesRepeatedContentOnceAndReportsWhatItWrote() throws Exception {
    ObjectStore store = new ObjectStore(tmp.resolve("store"));
    List<Path> files = files(14); // files 6 and 13 repeat file 0
    List<String> expected = new ArrayList<>();
    for (Path f : files) {
      expected.add(Hashing.sha256(f));
    }
    String storedFirst = store.put(files.get(3)); // its fan-out folder exists, the others' not

    List<Integer> written = store.putAll(files, expected);

    assertThat(storedFirst).isEqualTo(expected.get(3));
    assertThat(written).containsExactly(0, 1, 2, 4, 5, 7, 8, 9, 10, 11, 12);
    for (String sha : expected) {
      store.verify(sha);
    }
    assertThat(objects(store)).isEqualTo(12);
    assertThat(store.putAll(files, expected)).isEmpty();
  }

  @Test
  void putAll_fileChangedSinceHashed_failsNamingItAndPublishesNothing() throws Exception {
    ObjectStore store = new ObjectStore(tmp.resolve("store"));
    List<Path> files = files(100);
    List<String> expected = new ArrayList<>();
    for (Path f : files) {
      expected.add(Hashing.sha256(f));
    }
    Files.writeString(files.get(42), "changed");

    assertThatThrownBy(() -> store.putAll(files, expected))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining(files.get(42).toString())
        .hasMessageContaining("changed while it was being stored");
    assertThat(store.root().resolve("objects")).doesNotExist();
    assertThat(store.root().resolve("tmp")).isEmptyDirectory();
  }

  @Test
  void putAll_missingFile_failsNamingIt() throws Exception {
    ObjectStore store = new ObjectStore(tmp.resolve("store"));
    List<Path> files = new ArrayList<>(files(10));
    files.add(tmp.resolve("gone.png"));

    assertThatThrownBy(() -> store.putAll(files))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining(tmp.resolve("gone.png").toString())
        .hasMessageContaining("check the path");
  }

  @Test
  void restoreAll_storedObjects_writesVerifiedCopies() throws Exception {
    ObjectStore store = new ObjectStore(tmp.resolve("store"));
    List<Path> files = files(200);
    List<String> shas = store.putAll(files);
    List<Path> targets = new ArrayList<>();
    for (int i = 0; i < shas.size(); i++) {
      targets.add(tmp.resolve("out/" + (i % 3) + "/f" + i));
    }

    store.restoreAll(shas, targets);

    for (int i = 0; i < shas.size(); i++) {
      assertThat(Files.readAllBytes(targets.get(i))).isEqualTo(Files.readAllBytes(files.get(i)));
    }
  }

  @Test
  void restoreAll_corruptObject_failsNamingItsHash() throws Exception {
    ObjectStore store = new ObjectStore(tmp.resolve("store"));
    List<String> shas = store.putAll(files(5));
    Files.writeString(store.objectPath(shas.get(3)), "rot");

    assertThatThrownBy(
            () ->
                store.restoreAll(
                    shas, shas.stream().map(s -> tmp.resolve("out").resolve(s)).toList()))
        .isInstanceOfSatisfying(
            CorruptObjectException.class, e -> assertThat(e.expected()).isEqualTo(shas.get(3)))
        .hasMessageContaining(store.objectPath(shas.get(3)).toString());
  }

  @Test
  void restoreAll_missingObject_failsBeforeWritingAnything() throws Exception {
    ObjectStore store = new ObjectStore(tmp.resolve("store"));
    List<String> shas = new ArrayList<>(store.putAll(files(5)));
    shas.add(Hashing.sha256(new byte[] {1, 2, 3}));

    assertThatThrownBy(
            () ->
                store.restoreAll(
                    shas, shas.stream().map(s -> tmp.resolve("out").resolve(s)).toList()))
        .isInstanceOf(MissingObjectException.class)
        .hasMessageContaining(shas.get(5));
    assertThat(tmp.resolve("out")).doesNotExist();
  }
}
