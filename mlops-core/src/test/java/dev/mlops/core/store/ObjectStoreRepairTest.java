package dev.mlops.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ObjectStoreRepairTest {
  @TempDir Path tmp;

  @Test
  void repair_corruptOrMissingObjectAndAFileWithItsBytes_putsItBack() throws Exception {
    ObjectStore store = new ObjectStore(tmp.resolve("store"));
    Path file = Files.writeString(tmp.resolve("params"), "the parameters");
    String sha = store.put(file);
    Path object = store.objectPath(sha);
    object.toFile().setWritable(true);
    Files.writeString(object, "the parameterz");

    assertThat(store.repair(file, sha)).isTrue();
    store.verify(sha);

    Files.delete(object);
    assertThat(store.repair(file, sha)).isTrue();
    assertThat(store.read(sha)).isEqualTo("the parameters".getBytes());
  }

  @Test
  void repair_soundObjectOrAFileWithOtherBytes_changesNothing() throws Exception {
    ObjectStore store = new ObjectStore(tmp.resolve("store"));
    Path file = Files.writeString(tmp.resolve("params"), "the parameters");
    String sha = store.put(file);

    assertThat(store.repair(file, sha)).isFalse();

    Path object = store.objectPath(sha);
    object.toFile().setWritable(true);
    Files.writeString(object, "damaged");
    Path other = Files.writeString(tmp.resolve("other"), "retrained parameters");

    assertThat(store.repair(other, sha)).isFalse();
    assertThatThrownBy(() -> store.verify(sha)).isInstanceOf(CorruptObjectException.class);
    try (var left = Files.list(tmp.resolve("store/tmp"))) {
      assertThat(left).isEmpty();
    }
  }
}
