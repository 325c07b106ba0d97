package dev.mlops.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.store.CorruptObjectException;
import dev.mlops.core.store.ObjectStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunCacheTest {
  private static final String RUN = "ab".repeat(32);

  @TempDir Path root;

  @Test
  void addThenRestore_writesTheSameFiles() throws Exception {
    ObjectStore store = new ObjectStore(root.resolve("store"));
    Path out = Files.createDirectories(root.resolve("out"));
    Files.writeString(out.resolve("params"), "weights");
    Files.writeString(out.resolve("card.json"), "{}");
    RunCache cache = new RunCache(store);

    RunCache.Entry added = cache.add(RUN, out, List.of("params", "card.json"));
    Path restored = root.resolve("restored");
    cache.restore(cache.find(RUN).orElseThrow(), restored);

    assertThat(cache.find(RUN)).contains(added);
    assertThat(cache.indexFile(RUN)).isEqualTo(store.root().resolve("runs").resolve(RUN + ".json"));
    assertThat(restored.resolve("params")).hasContent("weights");
    assertThat(restored.resolve("card.json")).hasContent("{}");
  }

  @Test
  void find_unknownFingerprint_isEmpty() throws Exception {
    assertThat(new RunCache(new ObjectStore(root)).find(RUN)).isEmpty();
  }

  @Test
  void restore_damagedObject_failsNamingTheHash() throws Exception {
    ObjectStore store = new ObjectStore(root.resolve("store"));
    Path out = Files.createDirectories(root.resolve("out"));
    Files.writeString(out.resolve("params"), "weights");
    RunCache cache = new RunCache(store);
    String sha = cache.add(RUN, out, List.of("params")).files().get("params");
    Files.writeString(store.objectPath(sha), "tampered");

    assertThatThrownBy(() -> cache.restore(cache.find(RUN).orElseThrow(), root.resolve("r")))
        .isInstanceOf(CorruptObjectException.class)
        .hasMessageContaining(sha);
    assertThat(root.resolve("r").resolve("params")).doesNotExist();
  }
}
