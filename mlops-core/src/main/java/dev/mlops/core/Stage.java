package dev.mlops.core;

/**
 * A step of the lifecycle that a user can run. A {@link Remedy} names one when running it fixes a
 * failure ("no trained model": {@link #TRAIN}); each front end renders it in its own terms (the
 * Maven plugin as a goal to run, a server as a step to call), so core messages never spell out a
 * command line.
 */
public enum Stage {
  /** Check the images of the data directory. */
  VALIDATE_DATA,
  /** Record the data directory as a dataset version in the registry. */
  VERSION_DATA,
  /** Train a model on the data directory. */
  TRAIN,
  /** Export the trained model to ONNX. */
  EXPORT,
  /** Evaluate the trained model on the test split. */
  EVALUATE,
  /** Register the trained model as a version in the registry. */
  REGISTER,
  /** Point an alias at a registered version. */
  PROMOTE,
  /** Check incoming images against a model's drift baseline. */
  DRIFT_CHECK
}
