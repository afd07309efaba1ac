package alexnet.net.train;

import alexnet.data.Batch;
import alexnet.data.BatchIterator;
import alexnet.data.EvaluationBatches;
import alexnet.data.PackedDataset;
import alexnet.data.TrainingBatches;
import alexnet.kernels.JvmExecutor;
import alexnet.net.Network;
import alexnet.net.parallel.TransferStats;
import alexnet.net.parallel.TwoDeviceNet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps and the validation on this JVM: each step on the net itself, its batch prepared by the loader's
 * threads. A net on two devices runs on its own threads, and reports the bytes moved between them.
 */
final class LocalEngine implements TrainingEngine {

    private static final Logger log = LoggerFactory.getLogger(LocalEngine.class);

    private final TrainingConfig config;
    private final PackedDataset data;
    private final Network net;
    private final int devices;
    /** The kernel threads; with two devices the net runs on its own threads and this one is unused. */
    private final JvmExecutor device;

    LocalEngine(TrainingConfig config, PackedDataset data, Network net, int devices) {
        this.config = config;
        this.data = data;
        this.net = net;
        this.devices = devices;
        this.device = new JvmExecutor(devices == 1 ? config.threads() : 1);
    }

    @Override
    public EpochSteps epoch(int epoch, long firstStep, float learningRate) {
        TrainingBatches batches = new TrainingBatches(data.train(), data.statistics(), config.loader(net.spec()),
                config.seed(), epoch);
        return new Steps(batches, epoch, firstStep, learningRate);
    }

    @Override
    public Evaluator.Result validate() {
        return Evaluator.evaluate(net, EvaluationBatches.centre(data.val(), data.statistics(),
                config.loader(net.spec())), device);
    }

    @Override
    public String describe() {
        return config.threads() + " kernel threads" + (devices == 1 ? ""
                : " on " + devices + " devices (" + Math.max(1, config.threads() / devices) + " each)");
    }

    @Override
    public void close() {
        device.close();
    }

    private final class Steps implements EpochSteps {
        private final int epoch;
        private final int count;
        private final BatchIterator batches;
        private final float rate;
        private final TransferStats transfers;
        private long step;
        private int done;

        Steps(TrainingBatches batches, int epoch, long firstStep, float rate) {
            this.epoch = epoch;
            this.count = config.stepsPerEpoch(batches.batchCount());
            this.batches = batches.iterator();
            this.rate = rate;
            this.step = firstStep;
            this.transfers = net instanceof TwoDeviceNet ? ((TwoDeviceNet) net).transfers() : null;
            if (transfers != null) {
                transfers.reset();
            }
        }

        @Override
        public int count() {
            return count;
        }

        @Override
        public boolean hasNext() {
            return done < count && batches.hasNext();
        }

        @Override
        public Accuracy next() {
            Batch batch = batches.next();
            int n = batch.size();
            System.arraycopy(batch.images(), 0, net.input().data(), 0, n * batch.viewLength());
            float loss = net.trainStep(batch.labels(), n, step, rate, config.momentum(), config.weightDecay(), device);
            Accuracy accuracy = new Accuracy();
            accuracy.addWithLoss(net.probabilities(), batch.labels(), n, net.spec().classes(), loss);
            if (transfers != null && done == 0) {
                log.info("step {} (batch {}): {}", step, n, transfers.snapshot().describe());
            }
            step++;
            done++;
            return accuracy;
        }

        @Override
        public void close() {
            batches.close();
            if (transfers != null && done == count) {
                log.info("epoch {}, mean per step: {}", epoch, transfers.snapshot().describe());
            }
        }
    }
}
