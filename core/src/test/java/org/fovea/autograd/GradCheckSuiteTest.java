package org.fovea.autograd;

import java.util.stream.Stream;
import org.fovea.testing.GradChecks;
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
        GradChecks.assertPasses(c);
    }
}
