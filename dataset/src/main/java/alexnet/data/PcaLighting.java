package alexnet.data;

import java.util.Arrays;
import java.util.Comparator;
import java.util.random.RandomGenerator;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealVector;

/**
 * The paper's "fancy PCA" lighting noise: to every pixel of an image add
 * {@code [p1 p2 p3][a1*l1, a2*l2, a3*l3]^T}, where {@code p_i, l_i} are the eigenvectors and eigenvalues of
 * the 3x3 covariance of RGB values over the training set and {@code a_i ~ N(0, sigma)}, sigma = 0.1,
 * drawn once per image each time it is used.
 *
 * <p>Units: the formula is not scale-invariant (it multiplies by eigenvalues, not their square roots), so
 * the covariance is measured with RGB values in [0, 1] (as in the widely used fb.resnet.torch
 * reproduction, whose ImageNet eigenvalues are 0.2175, 0.0188, 0.0045); the resulting offset is then
 * multiplied by 255 to apply it to 0..255 pixels. That gives shifts of a few grey levels, the intended
 * "intensity and colour of the illumination" change; computing it on 0..255 values would shift by
 * hundreds.
 */
public final class PcaLighting {
    /** The paper's standard deviation of the alphas. */
    public static final double PAPER_SIGMA = 0.1;

    private final double[][] covariance;
    private final double[] eigenvalues;
    private final double[][] eigenvectors;

    private PcaLighting(double[][] covariance, double[] eigenvalues, double[][] eigenvectors) {
        this.covariance = covariance;
        this.eigenvalues = eigenvalues;
        this.eigenvectors = eigenvectors;
    }

    /** Eigen-decomposes a symmetric 3x3 RGB covariance (RGB in [0, 1]) with Apache Commons Math. */
    public static PcaLighting fromCovariance(double[][] covariance) {
        if (covariance.length != 3 || Arrays.stream(covariance).anyMatch(row -> row.length != 3)) {
            throw new IllegalArgumentException("RGB covariance must be 3x3");
        }
        EigenDecomposition eigen = new EigenDecomposition(new Array2DRowRealMatrix(covariance, true));
        Integer[] order = {0, 1, 2};
        double[] values = eigen.getRealEigenvalues();
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> values[i]).reversed());
        double[] sortedValues = new double[3];
        double[][] vectors = new double[3][];
        for (int k = 0; k < 3; k++) {
            sortedValues[k] = Math.max(0, values[order[k]]); // a covariance is positive semi-definite
            vectors[k] = withCanonicalSign(eigen.getEigenvector(order[k]));
        }
        double[][] copy = new double[3][];
        for (int r = 0; r < 3; r++) {
            copy[r] = covariance[r].clone();
        }
        return new PcaLighting(copy, sortedValues, vectors);
    }

    /** An eigenvector's sign is arbitrary; fixing it (largest component positive) makes runs comparable. */
    private static double[] withCanonicalSign(RealVector v) {
        double[] a = v.unitVector().toArray();
        int largest = 0;
        for (int i = 1; i < 3; i++) {
            if (Math.abs(a[i]) > Math.abs(a[largest])) {
                largest = i;
            }
        }
        if (a[largest] < 0) {
            for (int i = 0; i < 3; i++) {
                a[i] = -a[i];
            }
        }
        return a;
    }

    /** Eigenvalues, largest first, for RGB in [0, 1]. */
    public double[] eigenvalues() {
        return eigenvalues.clone();
    }

    /** Unit eigenvectors: {@code eigenvectors()[i]} belongs to {@code eigenvalues()[i]}, components R, G, B. */
    public double[][] eigenvectors() {
        return new double[][] {eigenvectors[0].clone(), eigenvectors[1].clone(), eigenvectors[2].clone()};
    }

    public double[][] covariance() {
        return new double[][] {covariance[0].clone(), covariance[1].clone(), covariance[2].clone()};
    }

    /** The RGB offset, in 0..255 units, for the given alphas: {@code 255 * sum_i alpha_i * l_i * p_i}. */
    public float[] offset(double[] alphas) {
        float[] rgb = new float[3];
        for (int c = 0; c < 3; c++) {
            double v = 0;
            for (int i = 0; i < 3; i++) {
                v += eigenvectors[i][c] * alphas[i] * eigenvalues[i];
            }
            rgb[c] = (float) (255 * v);
        }
        return rgb;
    }

    /** Draws {@code a_i ~ N(0, sigma)} from {@code random} and returns {@link #offset(double[])}. */
    public float[] randomOffset(RandomGenerator random, double sigma) {
        double[] alphas = new double[3];
        for (int i = 0; i < 3; i++) {
            alphas[i] = sigma * random.nextGaussian();
        }
        return offset(alphas);
    }
}
