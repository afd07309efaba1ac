package alexnet.net.onnx;

import java.util.ArrayList;
import java.util.List;

/**
 * A list of classes, one a line, in the net's output order: "wnid TAB name" (a run's classes.tsv), or
 * "wnid name" (Caffe's synset_words.txt), or a name alone (used as its own wnid).
 */
public final class ClassList {

    private ClassList() {
    }

    /** Each non-empty line as {wnid, name}. */
    public static List<String[]> parse(String text) {
        List<String[]> classes = new ArrayList<>();
        for (String line : text.split("\r?\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty()) {
                continue;
            }
            int tab = trimmed.indexOf('\t');
            int cut = tab >= 0 ? tab : trimmed.indexOf(' ');
            classes.add(cut < 0 ? new String[] {trimmed, trimmed}
                    : new String[] {trimmed.substring(0, cut), trimmed.substring(cut + 1).strip()});
        }
        return classes;
    }
}
