package org.fovea.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Fork;

/** Checks the build, not the speed: no benchmark runs here. */
class BenchmarkListTest {
    private static final List<Class<?>> BENCHMARKS = List.of(SgemmBenchmark.class, Conv2dBenchmark.class,
            PoolBenchmark.class, LoaderBenchmark.class, TrainStepBenchmark.class);

    @Test
    void annotationProcessorListsEveryBenchmark() throws IOException {
        String list;
        try (InputStream in = BenchmarkListTest.class.getClassLoader().getResourceAsStream("META-INF/BenchmarkList")) {
            assertNotNull(in, "META-INF/BenchmarkList is missing: jmh-generator-annprocess did not run");
            list = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        for (Class<?> c : BENCHMARKS) {
            assertTrue(list.contains(c.getName()), c.getSimpleName() + " is not in META-INF/BenchmarkList");
        }
    }

    @Test
    void forkedJvmsGetTheVectorModule() {
        for (Class<?> c : BENCHMARKS) {
            Fork fork = c.getAnnotation(Fork.class);
            assertNotNull(fork, c.getSimpleName() + " has no @Fork");
            assertTrue(Arrays.asList(fork.jvmArgsAppend()).contains("--add-modules=jdk.incubator.vector"),
                    c.getSimpleName() + ": the forked JVM needs --add-modules=jdk.incubator.vector");
        }
    }

    @Test
    void shapesParse() {
        assertArrayEquals(new int[] {64, 50176, 576}, Fixtures.dims("64x50176x576", 3));
        assertThrows(IllegalArgumentException.class, () -> Fixtures.dims("64x500", 3));
        assertThrows(IllegalArgumentException.class, () -> Fixtures.dims("0x5x5", 3));
    }
}
