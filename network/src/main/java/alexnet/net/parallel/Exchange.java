package alexnet.net.parallel;

import alexnet.net.Blob;
import alexnet.net.Layer;

/**
 * An exchange point, one device's end: before a layer that reads the whole of the layer below
 * (conv3, fc6, fc7, fc8, and the softmax), each device holds only its slice of channels
 * {@code lo..hi-1} of every example. Forward: the device copies its own slice into its receive
 * buffer (local), waits for the peer, then pulls the peer's slice from the peer's memory into the
 * same buffer: the explicit, counted transfer. The buffer then holds every example as the one-device
 * net lays it out, [examples][C][H][W] with the channels of device 0 before those of device 1.
 *
 * <p>Backward, when the layer above split its outputs ({@code reduce}): the gradient each device
 * computed for the whole buffer is a partial sum over its own half of the layer's kernels; each
 * device waits for the peer, pulls the peer's partial for its own slice and adds the two (device 0's
 * partial plus device 1's, so both devices round alike). When the layer above is replicated (the
 * softmax), both devices hold the same whole gradient and each keeps its slice: nothing moves.
 */
final class Exchange extends TowerOp {

    private final String point;
    private final int device;
    private final Blob own;
    private final Blob received;
    private final int whole;
    private final int offset;
    private final int length;
    private final boolean reduce;
    private final TransferStats stats;
    private Exchange peer;

    Exchange(String point, int device, Blob own, Blob received, int plane, int lo, int hi, boolean reduce,
             TransferStats stats) {
        super("exchange " + point);
        this.point = point;
        this.device = device;
        this.own = own;
        this.received = received;
        this.whole = received.shape().size();
        this.offset = lo * plane;
        this.length = (hi - lo) * plane;
        this.reduce = reduce;
        this.stats = stats;
    }

    TowerStage.Transfer stage() {
        return new TowerStage.Transfer(point, own, received, offset, length, reduce);
    }

    static void connect(Exchange a, Exchange b) {
        a.peer = b;
        b.peer = a;
    }

    @Override
    void forward(JvmDevice on, int batch, Layer.Pass pass, StepSync sync) {
        long start = System.nanoTime();
        place(own.data(), 0, length, offset, received.data(), batch);
        long placed = System.nanoTime() - start;
        sync.await(device);
        start = System.nanoTime();
        place(peer.own.data(), 0, peer.length, peer.offset, received.data(), batch);
        stats.copied(device, placed + System.nanoTime() - start);
        stats.moved(point, false, 4L * batch * peer.length);
    }

    @Override
    void backward(JvmDevice on, int batch, StepSync sync) {
        float[] mine = own.grad();
        if (!reduce) {
            long start = System.nanoTime();
            for (int n = 0; n < batch; n++) {
                System.arraycopy(received.grad(), n * whole + offset, mine, n * length, length);
            }
            stats.copied(device, System.nanoTime() - start);
            return;
        }
        sync.await(device);
        long start = System.nanoTime();
        float[] first = device == 0 ? received.grad() : peer.received.grad();
        float[] second = device == 0 ? peer.received.grad() : received.grad();
        on.kernels().parallelFor(batch, (firstImage, count) -> {
            for (int n = firstImage; n < firstImage + count; n++) {
                int from = n * whole + offset;
                int to = n * length;
                for (int j = 0; j < length; j++) {
                    mine[to + j] = first[from + j] + second[from + j];
                }
            }
        });
        stats.copied(device, System.nanoTime() - start);
        stats.moved(point, true, 4L * batch * length);
    }

    /** dst[n][offset .. offset+length) = src[n][0 .. length) for every example n. */
    private void place(float[] src, int srcOffset, int sliceLength, int dstOffset, float[] dst, int batch) {
        for (int n = 0; n < batch; n++) {
            System.arraycopy(src, srcOffset + n * sliceLength, dst, n * whole + dstOffset, sliceLength);
        }
    }
}
