package dev.mlops.core.experiment;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Sticky assignment of users to variants: a user's bucket is a pure function of the experiment's
 * name and the user id, so every server, every restart and the offline report agree without sharing
 * any state. Bucket = first 8 bytes of SHA-256({@code experiment + '\0' + userId}) as an unsigned
 * number, modulo {@link #BUCKETS}; buckets below {@code traffic x BUCKETS} get the treatment.
 * SHA-256 rather than {@code String.hashCode}: uniform, and the same in every language a team might
 * re-derive it in.
 */
public final class Assignment {
  /** Buckets users are hashed into. */
  public static final int BUCKETS = 10_000;

  /** The control arm's name in logs, responses and reports. */
  public static final String CONTROL = "control";

  /** The treatment arm's name in logs, responses and reports. */
  public static final String TREATMENT = "treatment";

  private Assignment() {}

  /** The bucket in {@code [0, BUCKETS)} of {@code userId} in experiment {@code experiment}. */
  public static int bucket(String experiment, String userId) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest((experiment + '\0' + userId).getBytes(StandardCharsets.UTF_8));
      long head = ByteBuffer.wrap(digest, 0, Long.BYTES).getLong();
      return (int) Long.remainderUnsigned(head, BUCKETS);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  /** Buckets that get the treatment for a treatment share of {@code traffic}. */
  public static int treatmentBuckets(double traffic) {
    return (int) Math.round(traffic * BUCKETS);
  }

  /** {@link #TREATMENT} or {@link #CONTROL} for {@code userId} in {@code experiment}. */
  public static String variant(Experiment experiment, String userId) {
    return bucket(experiment.name(), userId) < treatmentBuckets(experiment.traffic())
        ? TREATMENT
        : CONTROL;
  }
}
