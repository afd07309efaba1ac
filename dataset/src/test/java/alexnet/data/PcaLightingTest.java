package alexnet.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PcaLightingTest {
    // An orthonormal basis (a rotation) and eigenvalues chosen by hand; covariance = P diag(l) P^T.
    private static final double[][] P = orthonormal(new double[] {1, 0.9, 0.8}, new double[] {-1, 0.2, 0.9});
    private static final double[] L = {0.2, 0.02, 0.005};

    private static double[][] orthonormal(double[] a, double[] b) {
        double[] u = normalise(a);
        double dot = u[0] * b[0] + u[1] * b[1] + u[2] * b[2];
        double[] v = normalise(new double[] {b[0] - dot * u[0], b[1] - dot * u[1], b[2] - dot * u[2]});
        double[] w = {u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2], u[0] * v[1] - u[1] * v[0]};
        return new double[][] {u, v, w};
    }

    private static double[] normalise(double[] a) {
        double n = Math.sqrt(a[0] * a[0] + a[1] * a[1] + a[2] * a[2]);
        return new double[] {a[0] / n, a[1] / n, a[2] / n};
    }

    private static double[][] covariance() {
        double[][] c = new double[3][3];
        for (int i = 0; i < 3; i++) {
            for (int r = 0; r < 3; r++) {
                for (int s = 0; s < 3; s++) {
                    c[r][s] += L[i] * P[i][r] * P[i][s];
                }
            }
        }
        return c;
    }

    @Test
    void recoversEigenvaluesAndEigenvectorsOfAKnownCovariance() {
        PcaLighting pca = PcaLighting.fromCovariance(covariance());
        assertArrayEquals(L, pca.eigenvalues(), 1e-12);
        for (int i = 0; i < 3; i++) {
            double[] p = pca.eigenvectors()[i];
            double dot = p[0] * P[i][0] + p[1] * P[i][1] + p[2] * P[i][2];
            assertEquals(1, Math.abs(dot), 1e-9, "eigenvector " + i + " up to sign");
            double[] cp = new double[3];
            for (int r = 0; r < 3; r++) {
                for (int s = 0; s < 3; s++) {
                    cp[r] += covariance()[r][s] * p[s];
                }
            }
            assertArrayEquals(new double[] {L[i] * p[0], L[i] * p[1], L[i] * p[2]}, cp, 1e-12, "C p = l p");
        }
    }

    @Test
    void offsetIsThePapersFormulaIn255Units() {
        PcaLighting pca = PcaLighting.fromCovariance(covariance());
        double[] alphas = {0.1, -0.2, 0.3};
        double[][] p = pca.eigenvectors();
        float[] offset = pca.offset(alphas);
        for (int c = 0; c < 3; c++) {
            double expected = 255 * (p[0][c] * alphas[0] * L[0] + p[1][c] * alphas[1] * L[1] + p[2][c] * alphas[2] * L[2]);
            assertEquals(expected, offset[c], 1e-4);
        }
    }

    @Test
    void randomOffsetsHaveTheCovarianceTheAlphasImply() {
        // alpha_i ~ N(0, s) => Cov(offset) = 255^2 s^2 sum_i l_i^2 p_i p_i^T.
        PcaLighting pca = PcaLighting.fromCovariance(covariance());
        SplittableRandom random = new SplittableRandom(5);
        int n = 200_000;
        double[][] sum = new double[3][3];
        for (int k = 0; k < n; k++) {
            float[] o = pca.randomOffset(random, 0.1);
            for (int r = 0; r < 3; r++) {
                for (int s = 0; s < 3; s++) {
                    sum[r][s] += o[r] * o[s];
                }
            }
        }
        for (int r = 0; r < 3; r++) {
            for (int s = 0; s < 3; s++) {
                double expected = 0;
                for (int i = 0; i < 3; i++) {
                    expected += 255 * 255 * 0.01 * L[i] * L[i] * P[i][r] * P[i][s];
                }
                assertEquals(expected, sum[r][s] / n, 0.02 * 255 * 255 * 0.01 * L[0] * L[0]);
            }
        }
    }
}
