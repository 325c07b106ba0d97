package dev.mlops.core.data;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.core.Json;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManifestWriterTest {
  @Test
  void write_equalsDataBindingsCanonicalBytes_forBothLayoutsAndAwkwardValues() {
    List<ManifestEntry> entries = new ArrayList<>();
    String[] names = {"a b.png", "ä\\\"q.png", "tab\there.png", "line\nbreak.png", "日本.png", "x"};
    for (int i = 0; i < 60; i++) {
      entries.add(
          new ManifestEntry(
              (i % 4) + "/" + i + names[i % names.length],
              Split.values()[i % 3],
              Integer.toString(i % 4),
              String.format("%064x", i * 104729L),
              i == 0 ? 0 : Long.MAX_VALUE / (i + 1)));
    }
    List<Manifest> manifests =
        List.of(
            new Manifest(Layout.CLASS_FOLDERS, new SplitPolicy(0.7, 0.2, 0.1, 7), entries),
            new Manifest(
                Layout.CLASS_FOLDERS,
                new SplitPolicy(1.0 / 3, 1.0 / 3, 1.0 / 3, Long.MIN_VALUE),
                entries.subList(0, 5)),
            new Manifest(Layout.CLASS_FOLDERS, new SplitPolicy(1, 0, 0, -1), List.of()),
            new Manifest(Layout.SPLIT_FOLDERS, null, entries),
            new Manifest(Layout.SPLIT_FOLDERS, null, List.of()));

    for (Manifest m : manifests) {
      byte[] streamed = m.toCanonicalJson();

      assertThat(new String(streamed, java.nio.charset.StandardCharsets.UTF_8))
          .isEqualTo(new String(Json.canonical(m), java.nio.charset.StandardCharsets.UTF_8));
      assertThat(streamed).isEqualTo(Json.canonical(m));
    }
  }

  @Test
  void layoutName_isTheJsonPropertyOfEveryLayout() throws Exception {
    for (Layout layout : Layout.values()) {
      assertThat(ManifestWriter.layoutName(layout))
          .isEqualTo(Json.mapper().writeValueAsString(layout).replace("\"", ""));
    }
  }
}
