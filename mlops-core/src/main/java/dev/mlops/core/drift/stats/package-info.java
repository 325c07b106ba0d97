/**
 * Two-sample statistics for drift detection: {@link dev.mlops.core.drift.stats.KolmogorovSmirnov}
 * and {@link dev.mlops.core.drift.stats.ChiSquare} tests, the {@link dev.mlops.core.drift.stats.Psi
 * population stability index}, the {@link dev.mlops.core.drift.stats.Wasserstein} distance, the
 * {@link dev.mlops.core.drift.stats.Mmd} kernel two-sample test on embeddings, {@link
 * dev.mlops.core.drift.stats.MultipleTesting Holm} adjustment and the {@link
 * dev.mlops.core.drift.stats.Binomial} tail. Tests with a p-value and a distribution function come
 * from Apache Commons Statistics; the rest are written here because no library on the classpath
 * provides them. Every method is a pure function of its arguments.
 */
package dev.mlops.core.drift.stats;
