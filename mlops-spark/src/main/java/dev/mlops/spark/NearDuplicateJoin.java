package dev.mlops.spark;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.bit_count;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.shiftRightUnsigned;
import static org.apache.spark.sql.functions.struct;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Near-duplicate candidate pairs as a Spark join, for data too large for one machine's index.
 *
 * <p>The 64-bit perceptual hashes are cut into {@code maxDistance + 1} bands, exactly the chunks of
 * the core's {@code NearDuplicatesCheck}. Two hashes at most {@code maxDistance} bits apart differ
 * in at most {@code maxDistance} bands, so (pigeonhole) they agree exactly on at least one: every
 * such pair shares a bucket (band, band value). Rows are exploded into one row per band, joined on
 * the bucket, and each joined pair is then checked exactly: different split, different content,
 * Hamming distance at most {@code maxDistance}, and this band is the first band the two share, so
 * each pair comes out once without a shuffle to deduplicate.
 */
public final class NearDuplicateJoin {
  /** The input columns: row id, split ordinal, content sha256, perceptual hash. */
  public static final StructType SCHEMA =
      new StructType()
          .add("id", DataTypes.LongType, false)
          .add("split", DataTypes.IntegerType, false)
          .add("sha256", DataTypes.StringType, false)
          .add("hash", DataTypes.LongType, false);

  private NearDuplicateJoin() {}

  /**
   * The pairs of rows of {@code hashes} (columns of {@link #SCHEMA}) in different splits, with
   * different sha256, whose hashes differ in at most {@code maxDistance} bits: columns {@code a}
   * and {@code b}, the ids, {@code a < b}, each pair once.
   *
   * @param maxDistance 0..63 bits
   */
  public static Dataset<Row> pairs(Dataset<Row> hashes, int maxDistance) {
    if (maxDistance < 0 || maxDistance > 63) {
      throw new IllegalArgumentException("maxDistance is " + maxDistance + "; must be in [0,63]");
    }
    int bands = maxDistance + 1;
    // One row per (image, band), from one pass over the input (a union of bands would scan it
    // once per band).
    Column[] buckets = new Column[bands];
    for (int band = 0; band < bands; band++) {
      buckets[band] = struct(lit(band).as("band"), bandValue(col("hash"), band, bands).as("key"));
    }
    Dataset<Row> banded =
        hashes
            .select(
                explode(array(buckets)).as("bucket"),
                col("id"),
                col("split"),
                col("sha256"),
                col("hash"))
            .select(
                col("bucket.band").as("band"),
                col("bucket.key").as("key"),
                col("id"),
                col("split"),
                col("sha256"),
                col("hash"));
    Dataset<Row> l = banded.as("l");
    Dataset<Row> r = banded.as("r");
    Column condition =
        col("l.band")
            .equalTo(col("r.band"))
            .and(col("l.key").equalTo(col("r.key")))
            .and(col("l.id").lt(col("r.id")))
            .and(col("l.split").notEqual(col("r.split")))
            .and(col("l.sha256").notEqual(col("r.sha256")))
            .and(bit_count(col("l.hash").bitwiseXOR(col("r.hash"))).leq(maxDistance))
            .and(firstSharedBand(bands));
    return l.join(r, condition).select(col("l.id").as("a"), col("r.id").as("b"));
  }

  /**
   * True when no band before {@code l.band} has equal values, so a pair sharing several bands is
   * kept in the first only (the core's rule too).
   */
  private static Column firstSharedBand(int bands) {
    List<Column> earlier = new ArrayList<>();
    for (int e = 0; e < bands - 1; e++) {
      earlier.add(
          col("l.band")
              .leq(e)
              .or(bandValue(col("l.hash"), e, bands).notEqual(bandValue(col("r.hash"), e, bands))));
    }
    Column all = lit(true);
    for (Column c : earlier) {
      all = all.and(c);
    }
    return all;
  }

  /** Bits [band*64/bands, (band+1)*64/bands) of {@code hash}, as the core cuts them. */
  static Column bandValue(Column hash, int band, int bands) {
    int from = band * 64 / bands;
    int length = (band + 1) * 64 / bands - from;
    long mask = length == 64 ? -1L : (1L << length) - 1;
    return shiftRightUnsigned(hash, from).bitwiseAND(lit(mask));
  }
}
