package org.fovea.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.fovea.autograd.GradCheck;
import org.fovea.autograd.GradCheckSuite;
import org.fovea.nn.LayerGradCheckSuite;
import org.fovea.rnn.RecurrentGradCheckSuite;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code fovea gradcheck [--op NAME]}: numeric gradient checks of every differentiable op. */
@Command(name = "gradcheck", mixinStandardHelpOptions = true,
        description = "Checks the analytic gradient of every differentiable op, layer and loss against central differences.")
final class GradcheckCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(names = "--op", description = "Check only this op (default: all).")
    String op;

    @Override
    public Integer call() {
        List<GradCheckSuite.Case> all = new ArrayList<>(GradCheckSuite.cases());
        all.addAll(LayerGradCheckSuite.cases());
        all.addAll(RecurrentGradCheckSuite.cases());
        List<GradCheckSuite.Case> cases = op == null ? all : all.stream().filter(c -> c.name().equals(op)).toList();
        if (cases.isEmpty()) {
            throw new IllegalArgumentException("no gradient check named '" + op + "'; known: "
                    + String.join(", ", all.stream().map(GradCheckSuite.Case::name).toList()));
        }
        PrintStream out = System.out;
        if (!common.json) out.printf(Locale.ROOT, "%-26s %11s %7s %10s %8s  %s%n", "op", "max error", "eps", "threshold", "checked", "result");
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
                out.printf(Locale.ROOT, "%-26s %11.3e %7.0e %10.0e %8d  %s%n", r.name(), r.maxError(), o.eps(), r.threshold(), r.checked(),
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
