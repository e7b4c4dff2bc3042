package org.fovea.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.fovea.autograd.GradCheck;
import org.fovea.autograd.GradCheckSuite;

/** The assertion every gradient-check suite test makes: something was checked, and the worst error passed. */
public final class GradChecks {
    private GradChecks() {}

    public static void assertPasses(GradCheckSuite.Case c) {
        GradCheck.Result r = c.run();
        assertTrue(r.checked() > 0, "nothing was checked");
        assertTrue(r.passed(), () -> c.name() + ": max error " + r.maxError() + " > " + r.threshold() + " at " + r.worst());
    }
}
