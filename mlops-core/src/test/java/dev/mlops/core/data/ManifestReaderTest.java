package dev.mlops.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManifestReaderTest {
  private static Manifest classFolders() {
    List<ManifestEntry> entries = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      entries.add(
          new ManifestEntry(
              (i % 3) + "/img-" + i + " ä\\\".png",
              Split.values()[i % 3],
              Integer.toString(i % 3),
              String.format("%064x", i * 7919L),
              1000L + i));
    }
    return new Manifest(Layout.CLASS_FOLDERS, new SplitPolicy(0.7, 0.2, 0.1, 7), entries);
  }

  @Test
  void read_canonicalJson_equalsWhatDataBindingReadsAndWritesTheSameBytes() throws Exception {
    Manifest splitFolders =
        new Manifest(
            Layout.SPLIT_FOLDERS,
            null,
            List.of(new ManifestEntry("train/cat/a.png", Split.TRAIN, "cat", "a".repeat(64), 3)));
    for (Manifest m : List.of(classFolders(), splitFolders)) {
      byte[] json = m.toCanonicalJson();

      Manifest read = Manifest.fromJson(json);

      assertThat(read).isEqualTo(m).isEqualTo(Json.mapper().readValue(json, Manifest.class));
      assertThat(read.toCanonicalJson()).isEqualTo(json);
      assertThat(read.id()).isEqualTo(m.id());
    }
  }

  @Test
  void read_anyFieldOrderAndWhiteSpace_isAccepted() throws Exception {
    String json =
        "{ \"splitPolicy\": {\"val\":0.1,\"seed\":42,\"train\":0.8,\"test\":0.1},\n"
            + " \"layout\": \"class-folders\", \"format\": 1,\n"
            + " \"entries\": [ {\"size\": 5, \"split\": \"val\", \"sha256\": \""
            + "b".repeat(64)
            + "\", \"path\": \"dog/x.png\", \"label\": \"dog\"} ] }";

    Manifest read = Manifest.fromJson(json.getBytes(StandardCharsets.UTF_8));

    assertThat(read.entries())
        .containsExactly(new ManifestEntry("dog/x.png", Split.VAL, "dog", "b".repeat(64), 5));
    assertThat(read.splitPolicy()).isEqualTo(SplitPolicy.DEFAULT);
  }

  @Test
  void read_badInput_failsWithTheFieldOrValueNamed() {
    String entry = "{\"label\":\"a\",\"path\":\"a/b.png\",\"sha256\":\"" + "c".repeat(64) + "\"";
    assertThatThrownBy(() -> parse("{\"layout\":\"class-folders\",\"extra\":1}"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("unknown field 'extra'");
    assertThatThrownBy(() -> parse("{\"layout\":\"flat\"}"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("unknown layout 'flat'");
    assertThatThrownBy(
            () ->
                parse(
                    "{\"layout\":\"class-folders\",\"entries\":["
                        + entry
                        + ",\"size\":1,\"split\":\"holdout\"}]}"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("unknown split holdout");
    assertThatThrownBy(() -> parse("{\"layout\":\"class-folders\",\"entries\":[{\"path\":\"a\"}]}"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("split");
    assertThatThrownBy(() -> parse("{\"entries\":[]}"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("layout");
    assertThatThrownBy(
            () ->
                parse(
                    "{\"layout\":\"class-folders\",\"entries\":["
                        + entry
                        + ",\"size\":1,\"split\":\"train\"},"
                        + entry
                        + ",\"size\":2,\"split\":\"test\"}]}"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("duplicate path");
    assertThatThrownBy(() -> parse("{\"layout\":\"class-folders\"} {}"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("trailing content");
    assertThatThrownBy(() -> parse("[1]")).isInstanceOf(IOException.class);
  }

  private static Manifest parse(String json) throws IOException {
    return Manifest.fromJson(json.getBytes(StandardCharsets.UTF_8));
  }
}
