package dev.mlops.core.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTest {
  @TempDir Path workDir;

  @Test
  void readState_noFile_isEmpty() {
    assertThat(new Checkpoint(workDir).readState()).isEmpty();
  }

  @Test
  void readState_notACheckpoint_isEmpty() throws IOException {
    Files.writeString(workDir.resolve(Checkpoint.FILE), "left over by something else");

    assertThat(new Checkpoint(workDir).readState()).isEmpty();
  }

  @Test
  void readState_otherFormat_isEmpty() throws IOException {
    try (DataOutputStream out =
        new DataOutputStream(Files.newOutputStream(workDir.resolve(Checkpoint.FILE)))) {
      out.writeUTF("mlops-checkpoint");
      out.writeInt(99);
    }

    assertThat(new Checkpoint(workDir).readState()).isEmpty();
  }

  @Test
  void deleteTemporaryFiles_removesLeftOversOfKilledWritesOnly() throws IOException {
    Path temp = Files.writeString(workDir.resolve("." + Checkpoint.FILE + "123.tmp"), "half");
    Path other = Files.writeString(workDir.resolve(".other.tmp"), "keep");

    new Checkpoint(workDir).deleteTemporaryFiles();

    assertThat(temp).doesNotExist();
    assertThat(other).exists();
  }

  @Test
  void stateAfter_recordsTheNextEpochsEngineSeed() {
    Checkpoint.State state = Checkpoint.State.after("f", 2, java.util.List.of(), 42);

    assertThat(state.nextEngineSeed()).isEqualTo(42L * 1_000_003L + 3);
  }
}
