package alexnet.figures;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code k} candidates nearest to each query in Euclidean distance, kept while the candidates
 * stream past (the last hidden layers of a whole training set would not fit the heap at once).
 * Equal distances keep the candidate seen first.
 */
public final class NearestNeighbours {

    /** A candidate by its position in the stream, and its distance to the query. */
    public record Neighbour(int candidate, double distance) {
    }

    private final float[][] queries;
    private final int k;
    private final List<List<Neighbour>> nearest = new ArrayList<>();

    public NearestNeighbours(float[][] queries, int k) {
        if (k < 1) {
            throw new IllegalArgumentException("need at least one neighbour, not " + k);
        }
        this.queries = queries;
        this.k = k;
        for (int q = 0; q < queries.length; q++) {
            nearest.add(new ArrayList<>(k + 1));
        }
    }

    public void offer(int candidate, float[] features) {
        for (int q = 0; q < queries.length; q++) {
            double distance = distance(queries[q], features);
            List<Neighbour> list = nearest.get(q);
            if (list.size() == k && distance >= list.get(k - 1).distance()) {
                continue;
            }
            int at = list.size();
            while (at > 0 && list.get(at - 1).distance() > distance) {
                at--;
            }
            list.add(at, new Neighbour(candidate, distance));
            if (list.size() > k) {
                list.remove(k);
            }
        }
    }

    /** Query {@code q}'s neighbours, nearest first: {@code k} of them once as many candidates were offered. */
    public List<Neighbour> of(int q) {
        return List.copyOf(nearest.get(q));
    }

    static double distance(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("features of " + a.length + " and " + b.length + " numbers");
        }
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            double d = a[i] - b[i];
            sum += d * d;
        }
        return Math.sqrt(sum);
    }
}
