package org.fovea.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.fovea.autograd.GradCheck;
import org.fovea.autograd.GradCheckSuite;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code fovea gradcheck [--op NAME]}: numeric gradient checks of every differentiable op. */
@Command(name = "gradcheck", mixinStandardHelpOptions = true,
        description = "Checks every differentiable op's analytic gradient against central differences.")
final class GradcheckCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(names = "--op", description = "Check only this op (default: all).")
    String op;

    @Override
    public Integer call() {
        List<GradCheckSuite.Case> cases = op == null ? GradCheckSuite.cases() : List.of(GradCheckSuite.find(op));
        PrintStream out = System.out;
        if (!common.json) out.printf(Locale.ROOT, "%-24s %13s %10s %8s  %s%n", "op", "max error", "threshold", "checked", "result");
        int passed = 0;
        int failed = 0;
        for (GradCheckSuite.Case c : cases) {
            GradCheck.Options o = c.options();
            GradCheck.Result r = new GradCheckSuite.Case(c.name(), c.inputs(), c.f(),
                    new GradCheck.Options(o.eps(), o.threshold(), o.floor(), o.maxPerInput(), common.seed)).run();
            if (r.passed()) passed++;
            else failed++;
            if (common.json) {
                Json.print(out, Json.object("name", "gradcheck." + r.name(), "value", r.maxError(), "unit", "max_relative_error",
                        "threshold", r.threshold(), "eps", o.eps(), "checked", r.checked(), "passed", r.passed()));
            } else {
                out.printf(Locale.ROOT, "%-24s %13.3e %10.0e %8d  %s%n", r.name(), r.maxError(), r.threshold(), r.checked(),
                        r.passed() ? "ok" : "FAILED (" + r.worst() + ")");
            }
        }
        String summary = passed + " passed, " + failed + " failed";
        if (common.json) {
            Json.print(out, Json.object("name", "gradcheck", "passed", passed, "failed", failed));
            System.err.println(summary);
        } else {
            out.println(summary);
        }
        return failed == 0 ? 0 : 1;
    }
}
