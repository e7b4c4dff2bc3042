/**
 * JMH micro-benchmarks of Fovea: SGEMM, convolution and pooling kernels, the single-threaded data loader
 * with augmentation, and one LeNet-5 training step. Nothing here runs during the Maven build.
 *
 * <p>Build and run (JDK 25):
 * <pre>
 *   ./mvnw -B -pl bench -am package -DskipTests
 *   java -jar bench/target/benchmarks.jar -f 1 -wi 3 -i 5 -w 1s -r 1s SgemmBenchmark
 *   java -jar bench/target/benchmarks.jar -p shape=1024x1024x1024 -p threads=1 SgemmBenchmark
 *   taskset -c 0 java -jar bench/target/benchmarks.jar -t 1 LoaderBenchmark
 *   java -jar bench/target/benchmarks.jar -prof gc TrainStepBenchmark
 * </pre>
 * Every class forks one JVM with {@code --add-modules=jdk.incubator.vector -Xmx4g} (see its {@code @Fork}),
 * so the launching JVM needs no options unless run with {@code -f 0}. Secondary results named
 * {@code :gflops} and {@code :images} are rates in GFLOP/s and images/s (JMH labels them "ops/s").
 * {@code -p threads=N} sets Fovea's thread pool where a benchmark has that parameter (0 = one per core).
 */
package org.fovea.bench;
