package alexnet.net.train;

/** The training steps of one epoch, handed out in order by {@link #next}. */
public interface EpochSteps extends AutoCloseable {

    /** How many steps the epoch has: its batches, or fewer with --max-steps-per-epoch. */
    int count();

    boolean hasNext();

    /**
     * Trains the next step (an engine that trains several at once hands them out one by one) and returns its
     * examples' loss and errors. A step whose loss is not finite has changed no parameter.
     */
    Accuracy next();

    @Override
    void close();
}
