package alexnet.cli;

import alexnet.data.ImageNetFolder;
import alexnet.data.PackedDataset;
import alexnet.net.train.TrainedModel;
import java.nio.file.Path;
import java.util.List;

/**
 * The packed data set a trained run is shown: the one it was trained on unless {@code --data} names
 * another, which must have the run's classes in the run's order.
 */
record RunDataSet(Path root, PackedDataset data) {

    static RunDataSet open(TrainedModel model, Path run, Path data, CacheOptions cacheOptions) {
        // A checkpoint of an older build does not name its data set: then the default of train.
        Path root = data != null ? data : model.dataRoot().orElse(Path.of("data", "synthetic"));
        ImageNetFolder folder = ImageNetFolder.open(root);
        requireSameClasses(model, run, folder);
        PackedDataset packed = PackedDataset.openOrBuild(folder, cacheOptions.cacheFor(root),
                cacheOptions.storedSizeFor(model.identity().base()));
        return new RunDataSet(root, packed);
    }

    /** The net's outputs mean the run's classes, in its order: other classes make every number meaningless. */
    private static void requireSameClasses(TrainedModel model, Path run, ImageNetFolder folder) {
        List<String> trained = model.wnids();
        List<String> present = folder.wnids();
        if (trained.size() != present.size()) {
            throw new IllegalArgumentException(run + " was trained on " + trained.size() + " classes, " + folder.root()
                    + " has " + present.size() + " classes; evaluate it on data with the classes it was trained on");
        }
        for (int c = 0; c < trained.size(); c++) {
            if (!trained.get(c).equals(present.get(c))) {
                throw new IllegalArgumentException(run + " was trained on other classes than " + folder.root()
                        + " has: class " + c + " is " + trained.get(c) + " in the run, " + present.get(c)
                        + " in the data");
            }
        }
    }
}
