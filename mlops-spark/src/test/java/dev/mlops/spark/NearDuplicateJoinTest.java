package dev.mlops.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NearDuplicateJoinTest {
  private static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = SparkSessions.open("local[2]", "near-duplicate-join-test");
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  /**
   * Random hashes plus planted relatives of some of them at every distance from 0 to maxDistance +
   * 2 (bits flipped at random places, so they straddle the bands), some with the same split or the
   * same content: the join must find exactly the pairs the exhaustive comparison finds.
   */
  @ParameterizedTest
  @ValueSource(ints = {0, 1, 4, 9, 16})
  void pairs_randomHashesWithPlantedRelatives_equalBruteForce(int maxDistance) {
    Random random = new Random(maxDistance);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      rows.add(row(rows.size(), random.nextInt(3), "sha" + i, random.nextLong()));
    }
    for (int i = 0; i < 400; i++) {
      Row base = rows.get(random.nextInt(300));
      long hash = base.getLong(3);
      int distance = random.nextInt(maxDistance + 3);
      for (int bit : random.ints(0, 64).distinct().limit(distance).toArray()) {
        hash ^= 1L << bit;
      }
      String sha = random.nextInt(10) == 0 ? base.getString(2) : "planted" + i;
      rows.add(row(rows.size(), random.nextInt(3), sha, hash));
    }

    Set<List<Long>> joined = new HashSet<>();
    for (Row pair :
        NearDuplicateJoin.pairs(spark.createDataFrame(rows, NearDuplicateJoin.SCHEMA), maxDistance)
            .collectAsList()) {
      assertThat(joined.add(List.of(pair.getLong(0), pair.getLong(1)))).isTrue();
    }

    Set<List<Long>> expected = bruteForce(rows, maxDistance);
    assertThat(expected).hasSizeGreaterThan(maxDistance == 0 ? 20 : 50);
    assertThat(joined).isEqualTo(expected);
  }

  private static Set<List<Long>> bruteForce(List<Row> rows, int maxDistance) {
    Set<List<Long>> pairs = new HashSet<>();
    for (Row a : rows) {
      for (Row b : rows) {
        if (a.getLong(0) < b.getLong(0)
            && a.getInt(1) != b.getInt(1)
            && !a.getString(2).equals(b.getString(2))
            && Long.bitCount(a.getLong(3) ^ b.getLong(3)) <= maxDistance) {
          pairs.add(List.of(a.getLong(0), b.getLong(0)));
        }
      }
    }
    return pairs;
  }

  private static Row row(long id, int split, String sha, long hash) {
    return RowFactory.create(id, split, sha, hash);
  }
}
