package dev.mlops.spark;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.MlopsException;
import org.apache.spark.sql.SparkSession;

/**
 * The frame of every job's {@code main}: opens the session (on {@code --master}, or on the master
 * {@code spark-submit} set), runs the job, and on failure prints one line starting with {@link
 * JobArgs#ERROR_PREFIX} and exits with {@link JobArgs#USAGE_EXIT} for bad input (arguments, data)
 * or {@link JobArgs#FAILURE_EXIT} for any other failure, so a launcher can show the job's own
 * message rather than a stack trace.
 */
final class JobMain {
  private JobMain() {}

  /** A job's work on an open session. */
  @FunctionalInterface
  interface Work {
    void run(SparkSession spark) throws MlopsException;
  }

  static void run(JobArgs args, String appName, Work work) {
    String master = args.optional("master", null);
    SparkSession spark =
        master == null
            ? SparkSession.builder().appName(appName).getOrCreate()
            : SparkSessions.open(master, appName);
    int exit = 0;
    try {
      work.run(spark);
    } catch (InvalidInputException e) {
      System.err.println(JobArgs.ERROR_PREFIX + oneLine(e.getMessage()));
      exit = JobArgs.USAGE_EXIT;
    } catch (MlopsException e) {
      System.err.println(JobArgs.ERROR_PREFIX + oneLine(e.getMessage()));
      exit = JobArgs.FAILURE_EXIT;
    } catch (RuntimeException e) {
      e.printStackTrace();
      System.err.println(JobArgs.ERROR_PREFIX + oneLine(String.valueOf(e)));
      exit = JobArgs.FAILURE_EXIT;
    } finally {
      spark.stop();
    }
    System.out.flush();
    System.exit(exit);
  }

  /** {@code message} on one line, for the error line a launcher reads. */
  static String oneLine(String message) {
    return String.valueOf(message).replace("\r", "\\r").replace("\n", "\\n");
  }
}
