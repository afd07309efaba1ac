package alexnet.net.train;

/** The loss became NaN or infinite: the run stops, keeping the last good checkpoint. */
public final class DivergedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DivergedException(String message) {
        super(message);
    }
}
