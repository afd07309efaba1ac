package alexnet.cli;

import alexnet.net.onnx.OnnxExport;
import alexnet.net.train.TrainedModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code alexnet export --onnx FILE}: a trained run's net as an ONNX model. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Write a trained run's net as an ONNX model (opset 13): input 'image' [batch][3][crop][crop], "
                + "preprocessed; output 'logits' [batch][classes], no softmax. The preprocessing (mean image, crop, "
                + "input scale) and the class names are in the model's metadata_props."})
final class ExportCommand implements Callable<Integer> {

    @Option(names = "--run", defaultValue = "runs/synthetic-small", paramLabel = "DIR", description = "Run folder written by train (one "
            + "or two devices) or import. Default: ${DEFAULT-VALUE} (train's without options).")
    Path run;

    @Option(names = "--onnx", required = true, paramLabel = "FILE", description = "The ONNX file to write.")
    Path onnx;

    @Override
    public Integer call() throws Exception {
        Path folder = onnx.toAbsolutePath().getParent();
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException("--onnx " + onnx + ": folder " + folder + " does not exist");
        }
        TrainedModel model = TrainedModel.load(run, 1);
        OnnxExport.write(model, onnx);
        int crop = model.net().spec().input().height();
        System.out.printf("wrote %s: %s after %d epochs; input %s [batch, 3, %d, %d], output %s [batch, %d], "
                + "no softmax%n", onnx, model.identity().fingerprint(), model.epoch(), OnnxExport.INPUT, crop,
                crop, OnnxExport.OUTPUT, model.net().spec().classes());
        return 0;
    }
}
