package alexnet.data;

import java.nio.file.Path;

/** One image file of a data set and its class index (position of its wnid in {@link ImageNetFolder#wnids()}). */
public record LabelledFile(Path file, int label) {
}
