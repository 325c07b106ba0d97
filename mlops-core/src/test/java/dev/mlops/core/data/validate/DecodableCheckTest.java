package dev.mlops.core.data.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DecodableCheckTest {
  @TempDir Path dir;

  @Test
  void run_brokenFiles_reportsEachAsErrorInPathOrder() throws IOException {
    TestImages.png(dir, "train/cat/good.png", TestImages.pattern(1));
    TestImages.truncateJpegScan(TestImages.jpeg(dir, "train/cat/cut.jpg", TestImages.pattern(2)));
    TestImages.truncate(TestImages.png(dir, "train/dog/cut.png", TestImages.pattern(3)), 0.6);
    TestImages.text(dir, "train/dog/notes.jpg", "not a picture");
    TestImages.bytes(dir, "val/cat/empty.png", new byte[0]);

    List<Finding> findings = new DecodableCheck().run(TestImages.context(dir));

    assertThat(findings)
        .extracting(Finding::files)
        .containsExactly(
            List.of("train/cat/cut.jpg"),
            List.of("train/dog/cut.png"),
            List.of("train/dog/notes.jpg"),
            List.of("val/cat/empty.png"));
    assertThat(findings).allSatisfy(f -> assertThat(f.severity()).isEqualTo(Severity.ERROR));
    assertThat(findings).allSatisfy(f -> assertThat(f.check()).isEqualTo("decodable"));
    assertThat(findings.get(0).message())
        .startsWith("train/cat/cut.jpg: not a decodable image (")
        .containsIgnoringCase("premature end")
        .endsWith("); delete or replace it");
    assertThat(findings.get(3).message()).contains("(empty file: 0 bytes)");
  }

  @Test
  void run_goodImages_findsNothing() throws IOException {
    TestImages.png(dir, "train/cat/a.png", TestImages.pattern(1));
    TestImages.jpeg(dir, "train/cat/b.jpg", TestImages.pattern(2));

    assertThat(new DecodableCheck().run(TestImages.context(dir))).isEmpty();
  }
}
