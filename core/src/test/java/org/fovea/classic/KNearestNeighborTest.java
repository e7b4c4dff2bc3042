package org.fovea.classic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.fovea.data.DataSets;
import org.fovea.data.DataSource;
import org.junit.jupiter.api.Test;

class KNearestNeighborTest {
    private static DataSource embedded() { return DataSets.embeddedFashionMnist(); }

    @Test
    void voteBreaksTiesTowardsTheNearestTiedClass() {
        assertEquals(2, KNearestNeighbor.vote(new int[] {2, 1}, 2, 3), "split votes fall back to the nearest");
        assertEquals(1, KNearestNeighbor.vote(new int[] {2, 1, 1}, 3, 3), "a majority wins");
        assertEquals(2, KNearestNeighbor.vote(new int[] {2, 0, 0, 2, 1}, 5, 3), "2 and 0 tie; 2 owns the nearest");
        assertEquals(0, KNearestNeighbor.vote(new int[] {2, 0, 0, 2, 1}, 3, 3), "with k = 3, 0 has the majority");
    }

    @Test
    void nearestRanksEqualDistancesBySmallerIndex() {
        float[] dist = {3, 1, 2, 1, 0, 2};
        assertArrayEquals(new int[] {4, 1, 3, 2}, KNearestNeighbor.nearest(dist, 0, 6, 4));
        assertArrayEquals(new int[] {4}, KNearestNeighbor.nearest(dist, 0, 6, 1));
    }

    @Test
    void oneNearestNeighbourOfTheTrainingSetIsItself() {
        DataMatrix train = DataMatrix.of(embedded().train().head(300));
        for (Distances.Metric metric : Distances.Metric.values()) {
            int[][] nn = new KNearestNeighbor(metric).train(train).neighbors(train, 1);
            for (int i = 0; i < train.n(); i++) assertEquals(i, nn[i][0], metric + " row " + i);
        }
    }

    @Test
    void smallBlocksGiveTheSameAnswers() {
        DataMatrix train = DataMatrix.of(embedded().train().head(500));
        DataMatrix test = DataMatrix.of(embedded().test().head(130));
        int[][] whole = new KNearestNeighbor(Distances.Metric.L2).train(train).predict(test, new int[] {1, 5});
        int[][] blocked = new KNearestNeighbor(Distances.Metric.L2, 7 * 500).train(train).predict(test, new int[] {1, 5});
        assertArrayEquals(whole[0], blocked[0]);
        assertArrayEquals(whole[1], blocked[1]);
    }

    @Test
    void crossValidationOnASliceOfFashionMnist() {
        DataMatrix train = DataMatrix.of(embedded().train().head(2000));
        int[] ks = {1, 5, 10};
        double[][] acc = KNearestNeighbor.crossValidate(train, Distances.Metric.L2, ks, 4, 7);
        assertEquals(4, acc.length);
        for (double[] fold : acc) for (double a : fold) assertTrue(a > 0.65, "fold accuracy " + a);
        assertArrayEquals(acc[2], KNearestNeighbor.crossValidate(train, Distances.Metric.L2, ks, 4, 7)[2], "seeded folds");
        DataMatrix test = DataMatrix.of(embedded().test().head(500));
        double testAcc = KNearestNeighbor.accuracy(new KNearestNeighbor(Distances.Metric.L1).train(train).predict(test, 5), test.labels());
        assertTrue(testAcc > 0.7, "L1 5-NN on 2000 images: " + testAcc);
    }

    @Test
    void rejectsBadK() {
        KNearestNeighbor knn = new KNearestNeighbor(Distances.Metric.L2).train(DataMatrix.of(embedded().train().head(10)));
        DataMatrix q = DataMatrix.of(embedded().test().head(2));
        assertThrows(IllegalArgumentException.class, () -> knn.predict(q, 11));
        assertThrows(IllegalArgumentException.class, () -> knn.predict(q, 0));
    }
}
