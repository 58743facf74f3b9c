/**
 * Tally benchmarks: JMH kernels ({@code dev.tally.bench.jmh}) and, later, the end-to-end harness.
 */
package dev.tally.bench;
