package dev.mlops.spark;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

class SparkSessionsTest {
  @Test
  void open_local2_runsAJobWithoutUiOnLoopback() throws Exception {
    try (SparkSession spark = SparkSessions.open("local[2]", "smoke")) {
      assertThat(spark.range(1000).count()).isEqualTo(1000);
      assertThat(spark.conf().get("spark.ui.enabled")).isEqualTo("false");
      assertThat(spark.conf().get("spark.driver.bindAddress")).isEqualTo("127.0.0.1");
    }
  }
}
