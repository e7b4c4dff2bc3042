package org.fovea.data;

/**
 * Eigen-decomposition of a symmetric 3×3 matrix by the cyclic Jacobi method (Golub and Van Loan,
 * "Matrix Computations", §8.5): plane rotations zero the off-diagonal entries one by one until they vanish.
 * Enough for the RGB covariance behind {@link PcaLighting}.
 *
 * @param values  eigenvalues in descending order
 * @param vectors vectors[i][k] is component i of the unit eigenvector of values[k] (eigenvectors are columns)
 */
public record SymmetricEigen3(double[] values, double[][] vectors) {

    public static SymmetricEigen3 decompose(double[][] matrix) {
        double[][] a = new double[3][3];
        for (int i = 0; i < 3; i++) {
            if (matrix[i].length != 3) throw new IllegalArgumentException("SymmetricEigen3: want a 3x3 matrix");
            for (int j = 0; j < 3; j++) {
                if (Math.abs(matrix[i][j] - matrix[j][i]) > 1e-9 * (1 + Math.abs(matrix[i][j]))) {
                    throw new IllegalArgumentException("SymmetricEigen3: matrix is not symmetric at (" + i + ", " + j + ")");
                }
                a[i][j] = matrix[i][j];
            }
        }
        double[][] v = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
        for (int sweep = 0; sweep < 50; sweep++) {
            double off = a[0][1] * a[0][1] + a[0][2] * a[0][2] + a[1][2] * a[1][2];
            double scale = a[0][0] * a[0][0] + a[1][1] * a[1][1] + a[2][2] * a[2][2];
            if (off <= 1e-30 * scale || off == 0) break;
            for (int p = 0; p < 2; p++) for (int q = p + 1; q < 3; q++) rotate(a, v, p, q);
        }
        double[] values = {a[0][0], a[1][1], a[2][2]};
        Integer[] order = {0, 1, 2};
        java.util.Arrays.sort(order, (x, y) -> Double.compare(values[y], values[x]));
        double[] sortedValues = new double[3];
        double[][] sortedVectors = new double[3][3];
        for (int k = 0; k < 3; k++) {
            sortedValues[k] = values[order[k]];
            for (int i = 0; i < 3; i++) sortedVectors[i][k] = v[i][order[k]];
        }
        return new SymmetricEigen3(sortedValues, sortedVectors);
    }

    /** One Jacobi rotation in the (p, q) plane that zeroes a[p][q]; v accumulates the rotations. */
    private static void rotate(double[][] a, double[][] v, int p, int q) {
        if (a[p][q] == 0) return;
        double theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
        double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        if (theta == 0) t = 1;
        double c = 1 / Math.sqrt(t * t + 1), s = t * c;
        for (int k = 0; k < 3; k++) {
            double akp = a[k][p], akq = a[k][q];
            a[k][p] = c * akp - s * akq;
            a[k][q] = s * akp + c * akq;
        }
        for (int k = 0; k < 3; k++) {
            double apk = a[p][k], aqk = a[q][k];
            a[p][k] = c * apk - s * aqk;
            a[q][k] = s * apk + c * aqk;
        }
        for (int k = 0; k < 3; k++) {
            double vkp = v[k][p], vkq = v[k][q];
            v[k][p] = c * vkp - s * vkq;
            v[k][q] = s * vkp + c * vkq;
        }
    }
}
