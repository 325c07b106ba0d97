package dev.mlops.core.data.validate;

import java.util.List;

/**
 * One dataset check. Implementations are small, stateless after construction (their settings come
 * in through the constructor) and deterministic: the same context gives the same findings in the
 * same order.
 */
public interface Check {
  /** The id users name in {@code disabledChecks} and that findings carry, e.g. "decodable". */
  String id();

  /** Runs the check; returns no findings when all is well. */
  List<Finding> run(ValidationContext context);
}
