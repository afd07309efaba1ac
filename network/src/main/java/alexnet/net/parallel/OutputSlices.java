package alexnet.net.parallel;

/**
 * How the two-device net splits one conv or fc layer: device d holds outputs {@code lo(d)..hi(d)-1}
 * (its kernels, or its neurons) and the parameters that make them. One rule for the towers and for
 * the checkpoints they write, so that a two-device checkpoint can be gathered without the towers.
 */
record OutputSlices(boolean fullyConnected, int outputs) {

    int lo(int d) {
        return d * outputs / TwoDeviceNet.DEVICES;
    }

    int hi(int d) {
        return (d + 1) * outputs / TwoDeviceNet.DEVICES;
    }

    /**
     * Copies device {@code d}'s slice between a one-device tensor and the device's: bias [O] and
     * conv weights [K][C/groups][R][S] slice outputs lo..hi-1 contiguously; fc weights [I][O] are
     * input-major, so the slice is columns lo..hi-1 of every row.
     */
    void copy(int d, boolean weight, float[] whole, float[] part, boolean toDevice) {
        int lo = lo(d);
        int width = hi(d) - lo;
        if (!weight || !fullyConnected) {
            int per = part.length / width;
            if (toDevice) {
                System.arraycopy(whole, lo * per, part, 0, width * per);
            } else {
                System.arraycopy(part, 0, whole, lo * per, width * per);
            }
            return;
        }
        int rows = part.length / width;
        for (int r = 0; r < rows; r++) {
            if (toDevice) {
                System.arraycopy(whole, r * outputs + lo, part, r * width, width);
            } else {
                System.arraycopy(part, r * width, whole, r * outputs + lo, width);
            }
        }
    }
}
