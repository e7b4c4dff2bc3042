package org.fovea.classic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.fovea.classic.HyperparameterSearch.Options;
import org.fovea.classic.HyperparameterSearch.Param;
import org.fovea.classic.HyperparameterSearch.Strategy;
import org.fovea.classic.HyperparameterSearch.Trial;
import org.fovea.data.Batch;
import org.fovea.data.DataSets;
import org.fovea.data.Dataset;
import org.fovea.data.ImageDataset;
import org.fovea.data.Sample;
import org.junit.jupiter.api.Test;

class HyperparameterSearchTest {
    /** A peaked objective: best at lr = 1e-3, hidden = 200. */
    private static double peak(Map<String, Double> c) {
        return -Math.pow(Math.log10(c.get("lr")) + 3, 2) - Math.pow((c.get("hidden") - 200) / 100, 2);
    }

    private static final List<Param> SPACE = List.of(Param.parse("lr=log:1e-5:1e-1"), Param.parse("hidden=int:50:500"));

    @Test
    void parsesAndSamplesInLogSpace() {
        Param lr = Param.parse("lr=log:1e-5:1e-1");
        assertEquals(new Param("lr", HyperparameterSearch.Scale.LOG, 1e-5, 1e-1), lr);
        SplittableRandom rng = new SplittableRandom(1);
        int belowGeometricMean = 0;
        for (int i = 0; i < 2000; i++) {
            double v = lr.sample(rng);
            assertTrue(v >= 1e-5 && v <= 1e-1, "in range: " + v);
            if (v < 1e-3) belowGeometricMean++;
        }
        assertEquals(1000, belowGeometricMean, 100, "log-uniform: half the draws below the geometric mean");
        double h = Param.parse("hidden=int:50:500").sample(rng);
        assertEquals(Math.rint(h), h);
        double[] grid = lr.grid(3);
        assertEquals(1e-5, grid[0], 1e-18);
        assertEquals(1e-3, grid[1], 1e-15);
        assertEquals(1e-1, grid[2], 1e-15);
        for (String bad : new String[] {"lr", "lr=log:0:1", "lr=exp:1:2", "lr=log:a:1", "lr=lin:2:1"}) {
            assertThrows(IllegalArgumentException.class, () -> Param.parse(bad), bad);
        }
    }

    @Test
    void gridEnumeratesEveryCombination() {
        List<Trial> t = HyperparameterSearch.run(SPACE, new Options(Strategy.GRID, 9, 1, 0.25, 1), HyperparameterSearchTest::peak, null);
        assertEquals(9, t.size());
        assertEquals(1e-3, t.get(0).params().get("lr"), 1e-12, "the grid's middle lr is the peak's");
        assertEquals(275.0, t.get(0).params().get("hidden"));
    }

    @Test
    void randomSearchIsReproducibleFromItsSeedAndCoarseToFineNarrows() {
        Options o = new Options(Strategy.RANDOM, 12, 3, 0.25, 99);
        List<Trial> a = HyperparameterSearch.run(SPACE, o, HyperparameterSearchTest::peak, null);
        List<Trial> b = HyperparameterSearch.run(SPACE, o, HyperparameterSearchTest::peak, null);
        assertEquals(36, a.size());
        for (int i = 0; i < a.size(); i++) {
            assertEquals(a.get(i).params(), b.get(i).params());
            assertEquals(a.get(i).index(), b.get(i).index());
        }
        List<Trial> other = HyperparameterSearch.run(SPACE, new Options(Strategy.RANDOM, 12, 3, 0.25, 100), HyperparameterSearchTest::peak, null);
        assertTrue(!a.get(0).params().equals(other.get(0).params()), "another seed, other trials");
        for (int i = 1; i < a.size(); i++) assertTrue(a.get(i - 1).score() >= a.get(i).score(), "sorted best first");
        double coarse = spread(a, 1), fine = spread(a, 3);
        assertTrue(fine < coarse / 2, "the last stage samples a narrower lr range: " + fine + " vs " + coarse);
        assertTrue(a.get(0).stage() > 1, "refinement found the best trial");
    }

    /** The spread of log10(lr) over one stage's trials. */
    private static double spread(List<Trial> trials, int stage) {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (Trial t : trials) {
            if (t.stage() != stage) continue;
            lo = Math.min(lo, Math.log10(t.params().get("lr")));
            hi = Math.max(hi, Math.log10(t.params().get("lr")));
        }
        return hi - lo;
    }

    /** A dataset that fails the moment anything reads it while guarded, and counts reads otherwise. */
    private static final class Guarded implements Dataset {
        final ImageDataset inner;
        final AtomicBoolean guarded = new AtomicBoolean(true);
        final AtomicInteger reads = new AtomicInteger();

        Guarded(ImageDataset inner) { this.inner = inner; }

        private void touch() {
            if (guarded.get()) throw new AssertionError("the test split was read during the search");
            reads.incrementAndGet();
        }

        @Override public int size() { touch(); return inner.size(); }
        @Override public Sample get(int i) { touch(); return inner.get(i); }
        @Override public int label(int i) { touch(); return inner.label(i); }
        @Override public List<String> classes() { touch(); return inner.classes(); }
        @Override public int[] imageShape() { touch(); return inner.imageShape(); }
        @Override public Batch batch(int[] indices) { touch(); return inner.batch(indices); }
    }

    @Test
    void theTestSplitIsNeverReadDuringTheSearch() {
        var source = DataSets.embeddedFashionMnist();
        Guarded test = new Guarded(source.test().head(300));
        for (String model : List.of("linear", "knn", "mlp")) {
            test.guarded.set(true);
            TrialRunner runner = new TrialRunner(model, source.train().head(800), 0.25, 1, 5);
            List<Param> space = model.equals("knn") ? List.of(Param.parse("k=int:1:9")) : List.of(Param.parse("lr=log:1e-3:1e-1"));
            List<Double> scores = new ArrayList<>();
            List<Trial> trials = HyperparameterSearch.run(space, new Options(Strategy.RANDOM, 2, 2, 0.5, 3), runner::validationAccuracy,
                    t -> scores.add(t.score()));
            assertEquals(4, scores.size());
            assertTrue(trials.get(0).score() > 0.5, model + " validation accuracy " + trials.get(0).score());
            test.guarded.set(false);
            double acc = runner.testAccuracy(trials.get(0).params(), test);
            assertTrue(acc > 0.5 && test.reads.get() > 0, model + " test accuracy " + acc);
        }
    }

    @Test
    void sameSeedSameValidationScores() {
        var train = DataSets.embeddedFashionMnist().train().head(600);
        Options o = new Options(Strategy.RANDOM, 3, 1, 1, 8);
        List<Param> space = List.of(Param.parse("lr=log:1e-3:1e-1"), Param.parse("reg=log:1e-6:1e-2"));
        List<Trial> a = HyperparameterSearch.run(space, o, new TrialRunner("linear-svm", train, 0.2, 1, 4)::validationAccuracy, null);
        List<Trial> b = HyperparameterSearch.run(space, o, new TrialRunner("linear-svm", train, 0.2, 1, 4)::validationAccuracy, null);
        for (int i = 0; i < a.size(); i++) {
            assertEquals(a.get(i).params(), b.get(i).params());
            assertEquals(a.get(i).score(), b.get(i).score(), 0.01, "equal but for float rounding in the kernels (one image at most)");
        }
        assertThrows(IllegalArgumentException.class, () -> new TrialRunner("linear", train, 0.2, 1, 4).checkParameters(List.of("hidden")));
    }
}
