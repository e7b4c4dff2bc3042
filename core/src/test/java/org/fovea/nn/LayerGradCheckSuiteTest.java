package org.fovea.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.fovea.autograd.GradCheck;
import org.fovea.autograd.GradCheckSuite;
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
        GradCheck.Result r = c.run();
        assertTrue(r.checked() > 0, "nothing was checked");
        assertTrue(r.passed(), () -> c.name() + ": max error " + r.maxError() + " > " + r.threshold() + " at " + r.worst());
    }
}
