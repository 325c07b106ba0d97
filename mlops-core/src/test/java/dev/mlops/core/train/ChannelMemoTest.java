package dev.mlops.core.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.core.Progress;
import dev.mlops.core.data.Manifest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChannelMemoTest {
  @TempDir Path tmp;

  @Test
  void detect_sameImagesAgain_isRememberedWithoutDecoding() throws Exception {
    Path data = TrainingFixture.brightAndDark(tmp.resolve("data"), 3, 1);
    Manifest manifest = TrainingFixture.scan(data);
    TrainingData images = TrainingData.of(data, manifest, 42, Progress.NONE);
    ChannelMemo memo = new ChannelMemo(tmp.resolve("work"));

    ChannelMemo.Detection first = memo.detect(images.channelSample(32), manifest);
    // Unreadable images prove the second answer comes from the memo, not from decoding.
    for (var image : images.train()) {
      Files.writeString(image.file(), "not an image");
    }
    ChannelMemo.Detection second = memo.detect(images.channelSample(32), manifest);

    assertThat(first).isEqualTo(new ChannelMemo.Detection(3, false));
    assertThat(second).isEqualTo(new ChannelMemo.Detection(3, true));
  }

  @Test
  void detect_otherImageContent_detectsAgain() throws Exception {
    Path data = TrainingFixture.brightAndDark(tmp.resolve("data"), 3, 1);
    Manifest manifest = TrainingFixture.scan(data);
    ChannelMemo memo = new ChannelMemo(tmp.resolve("work"));
    memo.detect(TrainingData.of(data, manifest, 42, Progress.NONE).channelSample(32), manifest);
    Path brightOne = data.resolve("train/bright/bright-0.png");
    Files.copy(
        data.resolve("train/dark/dark-0.png"), brightOne, StandardCopyOption.REPLACE_EXISTING);
    Manifest changed = TrainingFixture.scan(data);

    ChannelMemo.Detection again =
        memo.detect(TrainingData.of(data, changed, 42, Progress.NONE).channelSample(32), changed);

    assertThat(again.remembered()).isFalse();
    assertThat(Files.readAllLines(tmp.resolve("work").resolve(ChannelMemo.FILE)))
        .singleElement()
        .asString()
        .endsWith("\t3");
  }

  @Test
  void detect_damagedMemo_detectsAgain() throws Exception {
    Path data = TrainingFixture.brightAndDark(tmp.resolve("data"), 2, 1);
    Manifest manifest = TrainingFixture.scan(data);
    Files.createDirectories(tmp.resolve("work"));
    Files.writeString(tmp.resolve("work").resolve(ChannelMemo.FILE), "garbage\tx\n\n");

    ChannelMemo.Detection detection =
        new ChannelMemo(tmp.resolve("work"))
            .detect(TrainingData.of(data, manifest, 42, Progress.NONE).channelSample(32), manifest);

    assertThat(detection).isEqualTo(new ChannelMemo.Detection(3, false));
  }
}
