package alexnet.net.parallel;

/**
 * A device's worker threw while running one layer (or one exchange) of a step. The step was
 * stopped on every device; parameters are only updated after a backward pass that succeeded on
 * all devices, so none were changed by the failed step.
 */
public final class DeviceFailureException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String device;
    private final String layer;

    public DeviceFailureException(String device, String layer, String phase, long step, Throwable cause) {
        super("device " + device + " failed in layer " + layer + " (" + phase + (step >= 0 ? ", step " + step : "")
                + "): " + cause, cause);
        this.device = device;
        this.layer = layer;
    }

    /** Name of the device whose worker threw, e.g. "jvm1". */
    public String device() {
        return device;
    }

    /** Layer (or exchange) the device was running, e.g. "conv3" or "exchange pool2 -> conv3". */
    public String layer() {
        return layer;
    }
}
