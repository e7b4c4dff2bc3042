package org.fovea.classic;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.ToDoubleFunction;

/**
 * Hyper-parameter search as CS231n lecture 6 teaches it: score every configuration on a validation split
 * (never on the test set), prefer random search to grid search (Bergstra &amp; Bengio 2012: with few
 * parameters that matter, random trials see more distinct values of each), sample learning rates and
 * regularisation strengths in log space, and go coarse to fine: a wide first stage, then stages whose
 * ranges narrow around the best trials so far.
 *
 * <p>The search only sees an objective (configuration → validation score, higher is better); what it
 * trains and on which data is the objective's business ({@link TrialRunner}). Same seed, same trials.
 */
public final class HyperparameterSearch {
    /** How a parameter's range is sampled: uniformly in log space, linearly, or as linear integers. */
    public enum Scale { LOG, LINEAR, INT }

    public enum Strategy { RANDOM, GRID }

    /** One searched parameter and its closed range [low, high]. */
    public record Param(String name, Scale scale, double low, double high) {
        public Param {
            if (name == null || name.isBlank()) throw new IllegalArgumentException("search parameter: empty name");
            if (!(low <= high)) throw new IllegalArgumentException("search parameter " + name + ": low " + low + " is above high " + high);
            if (scale == Scale.LOG && !(low > 0)) throw new IllegalArgumentException("search parameter " + name + ": a log range needs low > 0, got " + low);
        }

        /** Parses NAME=log:LOW:HIGH, NAME=lin:LOW:HIGH or NAME=int:LOW:HIGH, e.g. lr=log:1e-5:1e-1. */
        public static Param parse(String spec) {
            String[] kv = spec.split("=", 2);
            String[] p = kv.length == 2 ? kv[1].split(":") : new String[0];
            if (p.length != 3) throw new IllegalArgumentException("bad --param '" + spec + "'; want NAME=log|lin|int:LOW:HIGH, e.g. lr=log:1e-5:1e-1");
            Scale scale = switch (p[0].toLowerCase(Locale.ROOT)) {
                case "log" -> Scale.LOG;
                case "lin", "linear" -> Scale.LINEAR;
                case "int" -> Scale.INT;
                default -> throw new IllegalArgumentException("bad --param '" + spec + "': scale '" + p[0] + "' is not log, lin or int");
            };
            try {
                return new Param(kv[0].strip(), scale, Double.parseDouble(p[1]), Double.parseDouble(p[2]));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad --param '" + spec + "': '" + p[1] + "' or '" + p[2] + "' is not a number");
            }
        }

        /** A random value: log-uniform for LOG, uniform otherwise, rounded for INT. */
        public double sample(SplittableRandom rng) {
            return fromUnit(rng.nextDouble());
        }

        /** count evenly spaced values (in log space for LOG) from low to high; the midpoint when count is 1. */
        public double[] grid(int count) {
            double[] v = new double[count];
            for (int i = 0; i < count; i++) v[i] = fromUnit(count == 1 ? 0.5 : (double) i / (count - 1));
            return v;
        }

        /** Where value lies in the range, 0 at low and 1 at high, measured in the parameter's own space. */
        double toUnit(double value) {
            if (high == low) return 0.5;
            return scale == Scale.LOG ? Math.log(value / low) / Math.log(high / low) : (value - low) / (high - low);
        }

        private double fromUnit(double u) {
            double v = scale == Scale.LOG ? low * Math.pow(high / low, u) : low + u * (high - low);
            return scale == Scale.INT ? Math.round(v) : v;
        }

        /** The sub-range [lo, hi] of this range given in unit coordinates. */
        Param narrowed(double lo, double hi) {
            return new Param(name, scale, fromUnit(Math.max(0, lo)), fromUnit(Math.min(1, hi)));
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s=%s:%.4g:%.4g", name, scale.name().toLowerCase(Locale.ROOT), low, high);
        }
    }

    /** One evaluated configuration; stage counts from 1 (the coarse stage). */
    public record Trial(int index, int stage, Map<String, Double> params, double score, double seconds) {}

    /**
     * strategy and trials per stage; stages ≥ 1 (1 = no refinement); keep: the fraction of the best trials
     * so far whose values span the next stage's ranges (padded by a tenth of the current range each side).
     */
    public record Options(Strategy strategy, int trials, int stages, double keep, long seed) {
        public Options {
            if (strategy == null) throw new IllegalArgumentException("search: strategy must be random or grid");
            if (trials < 1) throw new IllegalArgumentException("search: --trials must be >= 1, got " + trials);
            if (stages < 1) throw new IllegalArgumentException("search: stages must be >= 1, got " + stages);
            if (!(keep > 0 && keep <= 1)) throw new IllegalArgumentException("search: keep must be in (0, 1], got " + keep);
        }
    }

    private HyperparameterSearch() {}

    /**
     * Runs the search and returns every trial, best first (ties: the earlier trial; NaN scores last).
     * listener (may be null) sees each trial as it finishes.
     */
    public static List<Trial> run(List<Param> space, Options o, ToDoubleFunction<Map<String, Double>> objective, Consumer<Trial> listener) {
        if (space.isEmpty()) throw new IllegalArgumentException("search: no --param given");
        List<Trial> all = new ArrayList<>();
        SplittableRandom rng = new SplittableRandom(o.seed());
        List<Param> ranges = List.copyOf(space);
        for (int stage = 1; stage <= o.stages(); stage++) {
            for (Map<String, Double> config : configurations(ranges, o, rng)) {
                long start = System.nanoTime();
                double score = objective.applyAsDouble(config);
                Trial t = new Trial(all.size() + 1, stage, config, score, (System.nanoTime() - start) / 1e9);
                all.add(t);
                if (listener != null) listener.accept(t);
            }
            if (stage < o.stages()) ranges = narrow(ranges, sorted(all), o.keep());
        }
        return sorted(all);
    }

    /** The configurations of one stage: trials random draws, or the full grid of ⌊trials^(1/p)⌋ values a parameter. */
    static List<Map<String, Double>> configurations(List<Param> ranges, Options o, SplittableRandom rng) {
        List<Map<String, Double>> out = new ArrayList<>();
        if (o.strategy() == Strategy.RANDOM) {
            for (int t = 0; t < o.trials(); t++) {
                Map<String, Double> c = new LinkedHashMap<>();
                for (Param p : ranges) c.put(p.name(), p.sample(rng));
                out.add(c);
            }
            return out;
        }
        int per = Math.max(1, (int) Math.floor(Math.pow(o.trials(), 1.0 / ranges.size()) + 1e-9));
        int total = (int) Math.pow(per, ranges.size());
        for (int t = 0; t < total; t++) {
            Map<String, Double> c = new LinkedHashMap<>();
            int rest = t;
            for (Param p : ranges) {
                c.put(p.name(), p.grid(per)[rest % per]);
                rest /= per;
            }
            out.add(c);
        }
        return out;
    }

    /** Coarse to fine: each range shrinks to the span of the best trials, padded by 10 % of its width each side. */
    static List<Param> narrow(List<Param> ranges, List<Trial> best, double keep) {
        int n = Math.max(1, (int) Math.ceil(keep * best.size()));
        List<Param> out = new ArrayList<>();
        for (Param p : ranges) {
            double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
            for (Trial t : best.subList(0, n)) {
                double u = p.toUnit(t.params().get(p.name()));
                lo = Math.min(lo, u);
                hi = Math.max(hi, u);
            }
            out.add(p.narrowed(lo - 0.1, hi + 0.1));
        }
        return out;
    }

    private static List<Trial> sorted(List<Trial> trials) {
        List<Trial> s = new ArrayList<>(trials);
        s.sort(Comparator.comparingDouble((Trial t) -> -t.score()).thenComparingInt(Trial::index));
        return s;
    }
}
