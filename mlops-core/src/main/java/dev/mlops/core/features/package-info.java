/**
 * The feature store: values computed from an image's bytes (the {@code image-stats} drift
 * statistics, a model's embedding), keyed by the image's SHA-256 and a {@link
 * dev.mlops.core.features.FeatureView} version, kept in an embedded SQLite database under the store
 * directory so that every process, build and server on the machine computes each value once. Entry
 * point: {@link dev.mlops.core.features.FeatureStore}.
 */
package dev.mlops.core.features;
