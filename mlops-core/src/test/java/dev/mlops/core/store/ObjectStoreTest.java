package dev.mlops.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.Remedy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ObjectStoreTest {
  // sha256("hello\n"), as printed by sha256sum.
  private static final String HELLO =
      "5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03";

  @TempDir Path tmp;

  @Test
  void put_newFile_storesUnderShardedHashPath() throws Exception {
    ObjectStore store = new ObjectStore(tmp.resolve("store"));
    Path file = Files.writeString(tmp.resolve("a.txt"), "hello\n");

    String sha = store.put(file);

    assertThat(sha).isEqualTo(HELLO);
    assertThat(store.objectPath(sha))
        .isEqualTo(tmp.resolve("store/objects/58/" + HELLO.substring(2)))
        .hasContent("hello");
    assertThat(store.has(sha)).isTrue();
    assertThat(tmp.resolve("store/tmp")).isEmptyDirectory();
  }

  @Test
  void put_sameContentTwice_keepsOneObject() throws Exception {
    ObjectStore store = new ObjectStore(tmp.resolve("store"));
    store.put(Files.writeString(tmp.resolve("a"), "hello\n"));
    store.put(Files.writeString(tmp.resolve("b"), "hello\n"));

    try (var files = Files.walk(tmp.resolve("store/objects"))) {
      assertThat(files.filter(Files::isRegularFile).count()).isEqualTo(1);
    }
  }

  @Test
  void put_withWrongExpectedHash_failsNamingTheFile() throws Exception {
    ObjectStore store = new ObjectStore(tmp.resolve("store"));
    Path file = Files.writeString(tmp.resolve("a.txt"), "changed\n");

    assertThatThrownBy(() -> store.put(file, HELLO))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("changed while it was being stored");
  }

  @Test
  void restore_storedObject_writesIdenticalBytes() throws Exception {
    ObjectStore store = new ObjectStore(tmp.resolve("store"));
    byte[] bytes = new byte[200_000];
    new java.util.Random(1).nextBytes(bytes);
    String sha = store.put(Files.write(tmp.resolve("in.bin"), bytes));

    Path target = tmp.resolve("out/deep/restored.bin");
    store.restore(sha, target);

    assertThat(Files.readAllBytes(target)).isEqualTo(bytes);
    assertThat(store.read(sha)).isEqualTo(bytes);
  }

  @Test
  void read_corruptedObject_failsNamingHashAndPath() throws Exception {
    ObjectStore store = new ObjectStore(tmp.resolve("store"));
    String sha = store.put(Files.writeString(tmp.resolve("a"), "hello\n"));
    Files.writeString(store.objectPath(sha), "jello\n");
    Path target = Files.writeString(tmp.resolve("target.txt"), "keep me");

    assertThatThrownBy(() -> store.read(sha))
        .isInstanceOf(CorruptObjectException.class)
        .hasMessageContaining(sha)
        .hasMessageContaining(store.objectPath(sha).toString());
    assertThatThrownBy(() -> store.verify(sha)).isInstanceOf(CorruptObjectException.class);
    assertThatThrownBy(() -> store.restore(sha, target)).isInstanceOf(CorruptObjectException.class);
    assertThat(target).hasContent("keep me");
  }

  @Test
  void read_missingObject_failsWithStoreHint() {
    ObjectStore store = new ObjectStore(tmp.resolve("store"));

    assertThatThrownBy(() -> store.read(HELLO))
        .isInstanceOf(MissingObjectException.class)
        .hasMessageContaining(HELLO)
        .hasMessageContaining("point store at the store that holds it")
        .extracting(e -> ((MissingObjectException) e).remedy())
        .isEqualTo(Remedy.setting("store"));
  }

  @Test
  void putAndRestore_writtenFiles_areReadableByOthers() throws Exception {
    ObjectStore store = new ObjectStore(tmp.resolve("store"));
    String sha = store.put(Files.writeString(tmp.resolve("a"), "hello\n"));
    Path restored = tmp.resolve("restored");
    store.restore(sha, restored);
    dev.mlops.core.AtomicFiles.write(tmp.resolve("written"), new byte[] {1});

    for (Path p : List.of(store.objectPath(sha), restored, tmp.resolve("written"))) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(p)))
          .as(p.toString())
          .isEqualTo("rw-r--r--");
    }
  }

  @Test
  void sha256_ofBytes_matchesKnownVector() {
    assertThat(Hashing.sha256("hello\n".getBytes(StandardCharsets.UTF_8))).isEqualTo(HELLO);
  }
}
