package org.fovea.nn;

import java.util.stream.Stream;
import org.fovea.autograd.GradCheckSuite;
import org.fovea.testing.GradChecks;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every layer and loss passes its central-difference gradient check (inputs and parameters). */
class LayerGradCheckSuiteTest {
    static Stream<GradCheckSuite.Case> cases() {
        return LayerGradCheckSuite.cases().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void gradientMatchesCentralDifferences(GradCheckSuite.Case c) {
        GradChecks.assertPasses(c);
    }
}
