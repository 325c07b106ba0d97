package dev.mlops.core.train;

/** How {@link ModelTrainer#train} produced the model directory. */
public enum TrainingStatus {
  /** Trained from the first epoch. */
  TRAINED,
  /** The model directory already held the model of this fingerprint; nothing was done. */
  UP_TO_DATE,
  /** Copied from the run cache in the object store (verified hashes); nothing was trained. */
  RESTORED_FROM_CACHE,
  /** Continued from a checkpoint of an interrupted run with the same fingerprint. */
  RESUMED
}
