/**
 * Fovea on Apache Spark: synchronous data-parallel training (barrier tasks that exchange their addresses once,
 * then average gradients with a ring all-reduce over TCP) and distributed batch inference to Parquet.
 */
package org.fovea.spark;
