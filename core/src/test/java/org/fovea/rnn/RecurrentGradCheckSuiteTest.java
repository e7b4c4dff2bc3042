package org.fovea.rnn;

import java.util.stream.Stream;
import org.fovea.autograd.GradCheckSuite;
import org.fovea.testing.GradChecks;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every sequence layer and the temporal loss pass their central-difference gradient checks. */
class RecurrentGradCheckSuiteTest {
    static Stream<GradCheckSuite.Case> cases() {
        return RecurrentGradCheckSuite.cases().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void gradientMatchesCentralDifferences(GradCheckSuite.Case c) {
        GradChecks.assertPasses(c);
    }
}
