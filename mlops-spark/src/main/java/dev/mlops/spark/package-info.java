/**
 * Apache Spark jobs running the core's code over data beyond one machine: {@code ScanJob}, {@code
 * ValidateJob}, {@code FeaturesJob} and {@code PredictJob}, each a class with a {@code main} for
 * {@code spark-submit} and a Java API, writing exactly what the single-machine run writes.
 */
package dev.mlops.spark;
