package org.fovea.autograd;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every op of the suite passes its central-difference gradient check. */
class GradCheckSuiteTest {
    static Stream<GradCheckSuite.Case> cases() {
        return GradCheckSuite.cases().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void gradientMatchesCentralDifferences(GradCheckSuite.Case c) {
        GradCheck.Result r = c.run();
        assertTrue(r.checked() > 0, "nothing was checked");
        assertTrue(r.passed(), () -> c.name() + ": max error " + r.maxError() + " > " + r.threshold() + " at " + r.worst());
    }
}
