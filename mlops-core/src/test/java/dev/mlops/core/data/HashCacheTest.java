package dev.mlops.core.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HashCacheTest {
  private static final String SHA_A = "a".repeat(64);
  private static final String SHA_B = "b".repeat(64);

  @TempDir Path tmp;

  @Test
  void save_namesWithLineBreaks_keepsOneEntryPerLineAndReadsThemBack() throws Exception {
    Path data = tmp.resolve("da\nta");
    Path file = tmp.resolve("cache.tsv");
    HashCache cache = HashCache.empty(data);
    cache.put("train/a/x\ny.png", 3, 7, SHA_A);
    cache.put("train/a/t\tr\r\\.png", 4, 8, SHA_B);

    cache.saveIfChanged(file);
    HashCache again = HashCache.load(file, data);

    assertThat(Files.readAllLines(file))
        .hasSize(4)
        .startsWith("mlops-hash-cache\t2", tmp + "/da\\nta");
    assertThat(again.lookup("train/a/x\ny.png", 3, 7)).isEqualTo(SHA_A);
    assertThat(again.lookup("train/a/t\tr\r\\.png", 4, 8)).isEqualTo(SHA_B);
  }

  @Test
  void load_formatOne_isStillReadAndRewrittenAsFormatTwo() throws Exception {
    Path data = tmp.resolve("data");
    Path file = tmp.resolve("cache.tsv");
    Files.writeString(
        file,
        "mlops-hash-cache\t1\n"
            + data
            + "\n"
            + SHA_A
            + "\t3\t7\ttrain/a/back\\slash.png\n"
            + SHA_B
            + "\t4\t8\ttrain/a/t\tab.png\n");

    HashCache cache = HashCache.load(file, data);
    cache.retainOnly(Set.of("train/a/back\\slash.png", "train/a/t\tab.png"));
    cache.saveIfChanged(file);

    assertThat(cache.lookup("train/a/back\\slash.png", 3, 7)).isEqualTo(SHA_A);
    assertThat(cache.lookup("train/a/t\tab.png", 4, 8)).isEqualTo(SHA_B);
    assertThat(Files.readAllLines(file))
        .isEqualTo(
            List.of(
                "mlops-hash-cache\t2",
                data.toString(),
                SHA_A + "\t3\t7\ttrain/a/back\\\\slash.png",
                SHA_B + "\t4\t8\ttrain/a/t\\tab.png"));
  }

  @Test
  void load_malformedEscape_isIgnoredNotTrusted() throws Exception {
    Path data = tmp.resolve("data");
    Path file = tmp.resolve("cache.tsv");
    Files.writeString(file, "mlops-hash-cache\t2\n" + data + "\n" + SHA_A + "\t3\t7\tbad\\q.png\n");

    assertThat(HashCache.load(file, data).size()).isZero();
  }
}
