package dev.mlops.core.feedback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeedbackLogTest {
  @TempDir Path dir;

  private static FeedbackRecord record(String label) {
    return new FeedbackRecord(
        0, null, "pets", "v1", "cat", label, false, "req-1", "ab".repeat(32), "ada", null);
  }

  @Test
  void append_numbersRecordsInOrder_andReadReturnsThem() throws Exception {
    try (FeedbackLog log = FeedbackLog.openForAppend(dir)) {
      assertThat(log.append(record("dog")).id()).isEqualTo(1);
      assertThat(log.append(record("cat")).id()).isEqualTo(2);
    }

    List<FeedbackRecord> records = FeedbackLog.read(dir);

    assertThat(records).extracting(FeedbackRecord::id).containsExactly(1L, 2L);
    assertThat(records.get(0).label()).isEqualTo("dog");
    assertThat(records.get(0).confirmation()).isFalse();
    assertThat(records.get(1).confirmation()).isTrue();
    assertThat(records.get(0).time()).isNotBlank();
  }

  @Test
  void reopen_continuesNumbering() throws Exception {
    try (FeedbackLog log = FeedbackLog.openForAppend(dir)) {
      log.append(record("dog"));
    }
    try (FeedbackLog log = FeedbackLog.openForAppend(dir)) {
      assertThat(log.lastId()).isEqualTo(1);
      assertThat(log.append(record("cat")).id()).isEqualTo(2);
    }
  }

  @Test
  void tornLastLine_isIgnoredByReaders_andCutWhenReopened() throws Exception {
    try (FeedbackLog log = FeedbackLog.openForAppend(dir)) {
      log.append(record("dog"));
      log.append(record("cat"));
    }
    Files.writeString(
        dir.resolve(FeedbackLog.FILE),
        "{\"id\":3,\"model\":\"pe",
        StandardCharsets.UTF_8,
        StandardOpenOption.APPEND);

    assertThat(FeedbackLog.read(dir)).hasSize(2);
    try (FeedbackLog log = FeedbackLog.openForAppend(dir)) {
      assertThat(log.append(record("dog")).id()).isEqualTo(3);
    }
    assertThat(FeedbackLog.read(dir)).extracting(FeedbackRecord::id).containsExactly(1L, 2L, 3L);
  }

  @Test
  void concurrentAppends_getDistinctIds_andAllAreRead() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try (FeedbackLog log = FeedbackLog.openForAppend(dir)) {
      for (int i = 0; i < 200; i++) {
        pool.execute(
            () -> {
              try {
                log.append(record("dog"));
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
      }
      pool.shutdown();
      assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
    }

    assertThat(FeedbackLog.read(dir))
        .extracting(FeedbackRecord::id)
        .containsExactlyElementsOf(
            java.util.stream.LongStream.rangeClosed(1, 200).boxed().toList());
  }

  @Test
  void editedLineInTheMiddle_isRefusedNamingFileAndLine() throws Exception {
    try (FeedbackLog log = FeedbackLog.openForAppend(dir)) {
      log.append(record("dog"));
    }
    Path file = dir.resolve(FeedbackLog.FILE);
    Files.writeString(file, "not json\n" + Files.readString(file));

    assertThatThrownBy(() -> FeedbackLog.read(dir))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(file + ":1 is not a feedback record");
  }
}
