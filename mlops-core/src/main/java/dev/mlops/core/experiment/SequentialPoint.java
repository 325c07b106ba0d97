package dev.mlops.core.experiment;

/**
 * The primary metric's tests after the first {@code users} users (in log order).
 *
 * @param users users so far, both arms
 * @param controlUsers of them in control
 * @param treatmentUsers of them in treatment
 * @param difference treatment minus control correction rate
 * @param variance the delta-method variance of the difference
 * @param fixedP the fixed-horizon z test's p-value at this look (invalid when looked at repeatedly)
 * @param alwaysValidP the mixture SPRT's always-valid p-value: the minimum over this and every
 *     earlier look
 */
public record SequentialPoint(
    long users,
    long controlUsers,
    long treatmentUsers,
    double difference,
    double variance,
    double fixedP,
    double alwaysValidP) {}
