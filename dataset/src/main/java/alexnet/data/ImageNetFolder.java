package alexnet.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A data set in the ILSVRC-2012 folder layout: the classes, and the (file, label) lists of both splits.
 *
 * <pre>
 * root/train/&lt;wnid&gt;/*.JPEG               one folder per class; the sorted wnids define the labels 0..K-1
 * root/val/&lt;wnid&gt;/*.JPEG                 validation, same layout, or
 * root/val/*.JPEG + a label file          flat, labelled by one of (first found):
 *     root/val_labels.csv, root/LOC_val_solution.csv, root/val/labels.csv   "file name,wnid[ ...]" per line
 *     root/ILSVRC2012_validation_ground_truth.txt (the devkit's list of ILSVRC2012_IDs, line i = image i)
 *         together with root/ILSVRC2012_id_to_wnid.txt ("ID wnid" per line, exported from the devkit's meta.mat)
 * root/synset_words.txt or root/LOC_synset_mapping.txt or root/words.txt   "wnid name, name" (optional)
 * </pre>
 * Files are taken as images by their extension (jpeg, jpg, png, bmp, gif, any case); hidden files are
 * ignored. What they really contain is only checked when decoding. The validation split may be absent.
 */
public final class ImageNetFolder {
    private static final Logger log = LoggerFactory.getLogger(ImageNetFolder.class);
    private static final Set<String> IMAGE_EXTENSIONS = Set.of("jpeg", "jpg", "png", "bmp", "gif");
    private static final List<String> CSV_LABEL_FILES = List.of("val_labels.csv", "LOC_val_solution.csv", "val/labels.csv");
    private static final String DEVKIT_GROUND_TRUTH = "ILSVRC2012_validation_ground_truth.txt";
    private static final String DEVKIT_ID_TO_WNID = "ILSVRC2012_id_to_wnid.txt";
    private static final List<String> SYNSET_FILES = List.of("synset_words.txt", "LOC_synset_mapping.txt", "words.txt");

    private final Path root;
    private final List<String> wnids;
    private final List<String> classNames;
    private final List<LabelledFile> train;
    private final List<LabelledFile> val;

    private ImageNetFolder(Path root, List<String> wnids, List<String> classNames, List<LabelledFile> train,
                           List<LabelledFile> val) {
        this.root = root;
        this.wnids = List.copyOf(wnids);
        this.classNames = List.copyOf(classNames);
        this.train = List.copyOf(train);
        this.val = List.copyOf(val);
    }

    /** Scans {@code root}; throws {@link DatasetException} naming the path when the layout is unusable. */
    public static ImageNetFolder open(Path root) {
        Path trainDir = root.resolve("train");
        if (!Files.isDirectory(root)) {
            throw new DatasetException(root + ": data set folder does not exist");
        }
        if (!Files.isDirectory(trainDir)) {
            throw new DatasetException(trainDir + ": no training folder (expected train/<wnid>/*.JPEG)");
        }
        List<Path> classDirs = subfolders(trainDir);
        if (classDirs.isEmpty()) {
            throw new DatasetException(trainDir + ": no class folders (expected train/<wnid>/*.JPEG)");
        }
        List<String> wnids = new ArrayList<>();
        Map<String, Integer> labelOf = new HashMap<>();
        List<LabelledFile> train = new ArrayList<>();
        for (Path dir : classDirs) {
            String wnid = dir.getFileName().toString();
            int label = wnids.size();
            wnids.add(wnid);
            labelOf.put(wnid, label);
            List<Path> images = imageFiles(dir);
            if (images.isEmpty()) {
                throw new DatasetException(dir + ": class folder has no image files");
            }
            images.forEach(f -> train.add(new LabelledFile(f, label)));
        }
        List<LabelledFile> val = readValidation(root, labelOf);
        List<String> names = classNames(root, wnids);
        log.info("{}: {} classes, {} training and {} validation images", root, wnids.size(), train.size(), val.size());
        return new ImageNetFolder(root, wnids, names, train, val);
    }

    public Path root() {
        return root;
    }

    /** Class ids in label order (sorted), e.g. "n01440764". */
    public List<String> wnids() {
        return wnids;
    }

    /** Human-readable class names in label order; the wnid itself where no synset-words file names it. */
    public List<String> classNames() {
        return classNames;
    }

    public int classCount() {
        return wnids.size();
    }

    public List<LabelledFile> train() {
        return train;
    }

    /** Validation images; empty when the data set has no val/ folder. */
    public List<LabelledFile> val() {
        return val;
    }

    private static List<LabelledFile> readValidation(Path root, Map<String, Integer> labelOf) {
        Path valDir = root.resolve("val");
        if (!Files.isDirectory(valDir)) {
            log.warn("{}: no validation folder; the validation split is empty", valDir);
            return List.of();
        }
        List<Path> classDirs = subfolders(valDir);
        if (!classDirs.isEmpty()) {
            List<LabelledFile> val = new ArrayList<>();
            for (Path dir : classDirs) {
                Integer label = labelOf.get(dir.getFileName().toString());
                if (label == null) {
                    throw new DatasetException(dir + ": validation class has no training folder train/"
                            + dir.getFileName());
                }
                imageFiles(dir).forEach(f -> val.add(new LabelledFile(f, label)));
            }
            return val;
        }
        List<Path> images = imageFiles(valDir);
        if (images.isEmpty()) {
            log.warn("{}: no validation images; the validation split is empty", valDir);
            return List.of();
        }
        Map<String, String> wnidOfFile = flatValidationLabels(root, valDir, images);
        List<LabelledFile> val = new ArrayList<>();
        for (Path image : images) {
            String wnid = wnidOfFile.get(image.getFileName().toString());
            if (wnid == null) {
                wnid = wnidOfFile.get(stem(image.getFileName().toString()));
            }
            if (wnid == null) {
                throw new DatasetException(image + ": validation image has no entry in the label file");
            }
            Integer label = labelOf.get(wnid);
            if (label == null) {
                throw new DatasetException(image + ": labelled with class " + wnid + ", which has no training folder");
            }
            val.add(new LabelledFile(image, label));
        }
        return val;
    }

    /** File name (with and without extension) to wnid, from whichever label file the user has. */
    private static Map<String, String> flatValidationLabels(Path root, Path valDir, List<Path> images) {
        for (String name : CSV_LABEL_FILES) {
            Path csv = root.resolve(name);
            if (Files.isRegularFile(csv)) {
                return readCsvLabels(csv);
            }
        }
        Path groundTruth = root.resolve(DEVKIT_GROUND_TRUTH);
        if (Files.isRegularFile(groundTruth)) {
            return readDevkitLabels(groundTruth, root.resolve(DEVKIT_ID_TO_WNID));
        }
        throw new DatasetException(valDir + ": flat validation folder (" + images.size()
                + " images) but no label file; expected one of " + CSV_LABEL_FILES + " or " + DEVKIT_GROUND_TRUTH
                + " in " + root + ", or one folder per class in val/");
    }

    private static Map<String, String> readCsvLabels(Path csv) {
        Map<String, String> labels = new HashMap<>();
        List<String> lines = readLines(csv);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.isEmpty()) {
                continue;
            }
            String[] fields = line.split(",", 2);
            String wnid = fields.length == 2 ? fields[1].trim().split("\\s+")[0] : "";
            if (!wnid.matches("n\\d+")) {
                if (i == 0) {
                    continue; // a header such as "ImageId,PredictionString"
                }
                throw new DatasetException(csv + " line " + (i + 1) + ": expected \"file name,wnid\", got \"" + line + "\"");
            }
            String file = fields[0].trim();
            labels.put(file, wnid);
            labels.put(stem(file), wnid);
        }
        return labels;
    }

    private static Map<String, String> readDevkitLabels(Path groundTruth, Path idToWnid) {
        if (!Files.isRegularFile(idToWnid)) {
            throw new DatasetException(groundTruth + ": the devkit's labels are ILSVRC2012_IDs, which need "
                    + idToWnid + " (\"ID wnid\" per line, as in the devkit's meta.mat) to map them to classes");
        }
        Map<String, String> wnidOfId = new HashMap<>();
        for (String line : readLines(idToWnid)) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 2) {
                wnidOfId.put(f[0], f[1]);
            }
        }
        Map<String, String> labels = new HashMap<>();
        List<String> lines = readLines(groundTruth);
        for (int i = 0; i < lines.size(); i++) {
            String id = lines.get(i).trim();
            if (id.isEmpty()) {
                continue;
            }
            String wnid = wnidOfId.get(id);
            if (wnid == null) {
                throw new DatasetException(groundTruth + " line " + (i + 1) + ": ILSVRC2012_ID " + id
                        + " is not in " + idToWnid);
            }
            labels.put(String.format(Locale.ROOT, "ILSVRC2012_val_%08d", i + 1), wnid);
        }
        return labels;
    }

    private static List<String> classNames(Path root, List<String> wnids) {
        for (String name : SYNSET_FILES) {
            Path file = root.resolve(name);
            if (Files.isRegularFile(file)) {
                Map<String, String> words = new HashMap<>();
                for (String line : readLines(file)) {
                    String[] f = line.trim().split("\\s+", 2);
                    if (f.length == 2) {
                        words.put(f[0], f[1].trim());
                    }
                }
                return wnids.stream().map(w -> words.getOrDefault(w, w)).toList();
            }
        }
        return wnids;
    }

    /**
     * The class folders of {@code dir}, sorted. A link to a missing folder is refused: skipped, it would
     * silently take a class away and shift every label after it.
     */
    private static List<Path> subfolders(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> entries = s.filter(p -> !hidden(p)).toList();
            for (Path p : entries) {
                if (Files.isSymbolicLink(p) && !Files.exists(p)) {
                    throw new DatasetException(p + ": a link to " + Files.readSymbolicLink(p) + ", which does not "
                            + "exist; remove it or point it at a class folder");
                }
            }
            List<Path> dirs = new ArrayList<>(entries.stream().filter(Files::isDirectory).toList());
            Collections.sort(dirs);
            return dirs;
        } catch (IOException e) {
            throw new DatasetException(dir + ": cannot list folder (" + IoProblems.reason(e) + ")", e);
        }
    }

    private static List<Path> imageFiles(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> files = new ArrayList<>();
            int ignored = 0;
            for (Path p : (Iterable<Path>) s::iterator) {
                if (hidden(p) || Files.isDirectory(p)) {
                    continue;
                }
                if (IMAGE_EXTENSIONS.contains(extension(p))) {
                    files.add(p);
                } else {
                    ignored++;
                }
            }
            if (ignored > 0) {
                log.warn("{}: ignored {} files without an image extension ({})", dir, ignored, IMAGE_EXTENSIONS);
            }
            Collections.sort(files);
            return files;
        } catch (IOException e) {
            throw new DatasetException(dir + ": cannot list folder (" + IoProblems.reason(e) + ")", e);
        }
    }

    private static List<String> readLines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new DatasetException(file + ": cannot read (" + IoProblems.reason(e) + ")", e);
        }
    }

    private static boolean hidden(Path p) {
        return p.getFileName().toString().startsWith(".");
    }

    private static String extension(Path p) {
        String name = p.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    private static String stem(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot < 0 ? fileName : fileName.substring(0, dot);
    }
}
