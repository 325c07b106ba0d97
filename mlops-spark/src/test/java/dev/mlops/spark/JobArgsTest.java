package dev.mlops.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class JobArgsTest {
  @Test
  void parse_goodArguments_givesValuesAndNoProblem() {
    JobArgs args =
        JobArgs.parse(
            new String[] {"--master", "local[2]", "--data", "/d", "--partitions", "8"},
            Set.of("data", "partitions"));

    assertThat(args.required("data")).isEqualTo("/d");
    assertThat(args.optionalLong("partitions", 0)).isEqualTo(8);
    assertThat(args.optional("master", null)).isEqualTo("local[2]");
    assertThat(args.optional("store", "none")).isEqualTo("none");
    assertThat(args.problems()).isEmpty();
  }

  @Test
  void parse_badArguments_namesEachProblem() {
    JobArgs args =
        JobArgs.parse(
            new String[] {"stray", "--colour", "red", "--partitions", "many", "--data"},
            Set.of("data", "output", "partitions"));
    args.required("output");
    args.optionalLong("partitions", 0);

    assertThat(args.problems())
        .containsExactly(
            "unexpected argument 'stray' (expected --key value)",
            "unknown option --colour",
            "--data needs a value",
            "--output is required",
            "--partitions must be an integer, was 'many'");
  }
}
