package alexnet.net.onnx;

import java.io.IOException;
import java.nio.file.Path;

/** An ONNX file that cannot be imported, with the file and the reason in its message. */
public final class BadModelException extends IOException {
    private static final long serialVersionUID = 1L;

    public BadModelException(Path file, String problem) {
        super(file + ": " + problem);
    }
}
