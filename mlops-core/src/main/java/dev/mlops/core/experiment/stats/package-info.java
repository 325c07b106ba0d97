/**
 * The statistics of A/B experiments, as pure functions of counts: the {@link
 * dev.mlops.core.experiment.stats.ZTest two-proportion z test}, {@link
 * dev.mlops.core.experiment.stats.FisherExact Fisher's exact test}, the {@link
 * dev.mlops.core.experiment.stats.SampleRatio sample-ratio-mismatch} chi-square test, {@link
 * dev.mlops.core.experiment.stats.McNemar McNemar's exact test} for paired (shadow) predictions,
 * the delta-method variance of a {@link dev.mlops.core.experiment.stats.RatioMetric ratio metric},
 * the always-valid {@link dev.mlops.core.experiment.stats.Msprt mixture SPRT} and the {@link
 * dev.mlops.core.experiment.stats.SampleSize sample size} for a minimum detectable effect.
 * Distributions and exact tests come from Apache Commons Statistics; each class documents its
 * formula, and its test compares it with scipy.
 */
package dev.mlops.core.experiment.stats;
