package dev.mlops.spark;

import org.apache.spark.sql.SparkSession;

/** Spark sessions as the jobs and tests want them. */
public final class SparkSessions {
  private SparkSessions() {}

  /**
   * A session on {@code master} (for example {@code local[2]} or {@code spark://host:7077}). A
   * local master gets no web UI and binds to the loopback address only, so tests and single-machine
   * runs open no port to the network; a cluster master keeps Spark's own settings.
   *
   * @param appName the application name shown by the cluster manager
   */
  public static SparkSession open(String master, String appName) {
    SparkSession.Builder builder = SparkSession.builder().master(master).appName(appName);
    if (master.startsWith("local")) {
      builder
          .config("spark.ui.enabled", "false")
          .config("spark.driver.host", "127.0.0.1")
          .config("spark.driver.bindAddress", "127.0.0.1")
          .config("spark.sql.shuffle.partitions", "4");
    }
    return builder.getOrCreate();
  }
}
