package dev.mlops.core.data.validate;

/** How bad a {@link Finding} is. */
public enum Severity {
  /** The dataset must not be used as it is: the validation fails. */
  ERROR,
  /** Worth a look; the validation still passes. */
  WARNING
}
