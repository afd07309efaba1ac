package alexnet.net.train;

import alexnet.net.Param;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * Saves and restores a training run: every parameter with its momentum, and the scalar state
 * (epoch, step, learning rate, seed, ...) as key/value pairs.
 *
 * <p>File layout (big-endian): magic "ALEXNET-CKPT", format version, the net's description
 * fingerprint, the state map, then for each parameter its name, length, values and velocity;
 * finally the CRC-32 of everything before it. A save writes a temporary file beside the target,
 * forces it to disk and renames it over the target, so a crash or kill during a save leaves
 * the previous checkpoint intact. Reading checks the magic bytes and the CRC of the whole file first
 * ({@link #verify}), then version, fingerprint, every name and length, and names the file and the
 * problem when one fails.
 */
public final class Checkpoint {

    private static final byte[] MAGIC = "ALEXNET-CKPT".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final int VERSION = 1;

    private Checkpoint() {
    }

    /**
     * Atomically writes {@code params} and {@code state} to {@code file}; when that fails (a full disk), the
     * message names the file and the reason, and the file is as it was.
     */
    public static void save(Path file, String netFingerprint, Map<String, String> state, List<Param> params)
            throws IOException {
        try {
            write(file, netFingerprint, state, params);
        } catch (IOException e) {
            throw new IOException(file + ": cannot save the checkpoint (" + alexnet.data.IoProblems.describe(e)
                    + "); the previous one, if any, is unchanged", e);
        }
    }

    private static void write(Path file, String netFingerprint, Map<String, String> state, List<Param> params)
            throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(dir, file.getFileName() + ".", ".partial");
        try {
            try (FileOutputStream fileOut = new FileOutputStream(temp.toFile())) {
                CRC32 crc = new CRC32();
                DataOutputStream out = new DataOutputStream(
                        new BufferedOutputStream(new CheckedOutputStream(fileOut, crc), 1 << 20));
                out.write(MAGIC);
                out.writeInt(VERSION);
                out.writeUTF(netFingerprint);
                out.writeInt(state.size());
                for (Map.Entry<String, String> entry : state.entrySet()) {
                    out.writeUTF(entry.getKey());
                    out.writeUTF(entry.getValue());
                }
                out.writeInt(params.size());
                for (Param param : params) {
                    out.writeUTF(param.name());
                    out.writeInt(param.size());
                    writeFloats(out, param.value());
                    writeFloats(out, param.velocity());
                }
                out.flush();
                new DataOutputStream(fileOut).writeLong(crc.getValue());
                fileOut.getFD().sync();
            }
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * Checks {@code file} whole before anything in it is believed: its magic bytes (a file without them is
     * not a checkpoint at all), then the CRC-32 of everything before the last 8 bytes against those bytes.
     * A damaged header or state area is refused as damage, not misread as another format version,
     * another net, another epoch or malformed text.
     */
    static void verify(Path file) throws IOException {
        long length;
        try {
            length = Files.size(file);
        } catch (NoSuchFileException e) {
            throw new CheckpointException(file, "no such file");
        }
        CRC32 crc = new CRC32();
        try (DataInputStream in = new DataInputStream(new CheckedInputStream(
                new BufferedInputStream(Files.newInputStream(file), 1 << 20), crc))) {
            byte[] magic = new byte[MAGIC.length];
            in.readFully(magic);
            if (!java.util.Arrays.equals(magic, MAGIC)) {
                throw new CheckpointException(file, "not an alexnet checkpoint (bad magic bytes)");
            }
            in.skipNBytes(length - 8 - MAGIC.length); // through the checksum, up to the stored CRC
            long computed = crc.getValue();
            if (in.readLong() != computed) {
                throw new CheckpointException(file, "checksum mismatch: the file is corrupt or truncated ("
                        + length + " bytes)");
            }
        } catch (EOFException e) {
            throw new CheckpointException(file, "truncated: the file ends after " + length + " bytes");
        }
    }

    /** The state map of {@code file} alone (what net it holds, which epoch), without its parameters. */
    public static Map<String, String> readState(Path file) throws IOException {
        verify(file);
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            readHeader(file, in);
            in.readUTF();
            return readStateMap(in);
        } catch (EOFException e) {
            throw new CheckpointException(file, "truncated: the file ends after " + Files.size(file) + " bytes");
        }
    }

    private static void readHeader(Path file, DataInputStream in) throws IOException {
        byte[] magic = new byte[MAGIC.length];
        in.readFully(magic);
        if (!java.util.Arrays.equals(magic, MAGIC)) {
            throw new CheckpointException(file, "not an alexnet checkpoint (bad magic bytes)");
        }
        int version = in.readInt();
        if (version != VERSION) {
            throw new CheckpointException(file, "format version " + version + ", this build reads " + VERSION);
        }
    }

    private static Map<String, String> readStateMap(DataInputStream in) throws IOException {
        Map<String, String> state = new LinkedHashMap<>();
        int entries = in.readInt();
        for (int i = 0; i < entries; i++) {
            state.put(in.readUTF(), in.readUTF());
        }
        return state;
    }

    /**
     * Reads {@code file} into {@code params} (values and velocities) and returns the state map.
     * Nothing is written into {@code params} unless the whole file checks out.
     */
    public static Map<String, String> load(Path file, String netFingerprint, List<Param> params) throws IOException {
        Contents contents = read(file, netFingerprint);
        contents.copyInto(params);
        return contents.state();
    }

    /**
     * The whole of {@code file}, checked: its state and every parameter it holds, by name in the file's
     * order, for a caller that maps them onto a net of another layout (a two-device run's towers).
     */
    public static Contents read(Path file, String netFingerprint) throws IOException {
        verify(file);
        long length = Files.size(file);
        Map<String, Stored> stored = new LinkedHashMap<>();
        Map<String, String> state = new LinkedHashMap<>();
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 20))) {
            readHeader(file, in);
            String fingerprint = in.readUTF();
            if (!fingerprint.equals(netFingerprint)) {
                throw new CheckpointException(file, "it was saved for net " + fingerprint + ", not " + netFingerprint);
            }
            state.putAll(readStateMap(in));
            int count = in.readInt();
            for (int p = 0; p < count; p++) {
                String name = in.readUTF();
                int size = in.readInt();
                if (size < 0 || 8L * size > length) {
                    throw new CheckpointException(file, "parameter " + name + " claims " + size + " values");
                }
                stored.put(name, new Stored(readFloats(in, size), readFloats(in, size)));
            }
            in.readLong(); // the CRC, which verify checked
            if (in.read() != -1) {
                throw new CheckpointException(file, "unexpected bytes after the checksum");
            }
        } catch (EOFException e) {
            throw new CheckpointException(file, "truncated: the file ends after " + length + " bytes");
        }
        return new Contents(file, state, stored);
    }

    /** One parameter as a checkpoint holds it. */
    public record Stored(float[] value, float[] velocity) {
    }

    /** What {@link #read} found in {@code file}: the state map and the parameters by name, in the file's order. */
    public record Contents(Path file, Map<String, String> state, Map<String, Stored> params) {

        /** Copies the parameters into {@code params}, which must be the very parameters saved, in their order. */
        public void copyInto(List<Param> params) throws CheckpointException {
            if (this.params.size() != params.size()) {
                throw new CheckpointException(file, "it holds " + this.params.size() + " parameters, the net has "
                        + params.size());
            }
            int p = 0;
            for (Map.Entry<String, Stored> entry : this.params.entrySet()) {
                Param param = params.get(p++);
                int size = entry.getValue().value().length;
                if (!entry.getKey().equals(param.name()) || size != param.size()) {
                    throw new CheckpointException(file, "parameter " + entry.getKey() + "[" + size
                            + "] where the net has " + param.name() + "[" + param.size() + "]");
                }
            }
            for (Param param : params) {
                Stored stored = this.params.get(param.name());
                System.arraycopy(stored.value(), 0, param.value(), 0, param.size());
                System.arraycopy(stored.velocity(), 0, param.velocity(), 0, param.size());
            }
        }
    }

    private static void writeFloats(DataOutputStream out, float[] values) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(4 * 65536).order(ByteOrder.BIG_ENDIAN);
        for (int start = 0; start < values.length; start += 65536) {
            int count = Math.min(65536, values.length - start);
            buffer.clear();
            buffer.asFloatBuffer().put(values, start, count);
            out.write(buffer.array(), 0, 4 * count);
        }
    }

    private static float[] readFloats(DataInputStream in, int size) throws IOException {
        float[] values = new float[size];
        byte[] bytes = new byte[4 * 65536];
        for (int start = 0; start < size; start += 65536) {
            int count = Math.min(65536, size - start);
            in.readFully(bytes, 0, 4 * count);
            ByteBuffer.wrap(bytes, 0, 4 * count).order(ByteOrder.BIG_ENDIAN).asFloatBuffer().get(values, start, count);
        }
        return values;
    }

    /** A checkpoint that cannot be used, with the file and the reason in its message. */
    public static final class CheckpointException extends IOException {
        private static final long serialVersionUID = 1L;

        public CheckpointException(Path file, String problem) {
            super("checkpoint " + file + ": " + problem);
        }
    }
}
