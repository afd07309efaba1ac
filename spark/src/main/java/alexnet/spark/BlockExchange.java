package alexnet.spark;

import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.function.Consumer;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.storage.BlockData;
import org.apache.spark.storage.BlockId;
import org.apache.spark.storage.BlockManager;
import org.apache.spark.storage.BlockManagerMaster;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.storage.TestBlockId;
import org.apache.spark.util.io.ChunkedByteBuffer;
import scala.Option;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction1;

/**
 * Named byte blocks passed between the tasks of a barrier stage through Spark's block manager, the way
 * BigDL's AllReduceParameter passes its gradient and weight slices: a task puts a block into its own
 * executor's block manager, which tells the driver where it is; any task fetches it by name, from its own
 * executor's memory or from another executor over Spark's block transfer service, once it is there. Nothing
 * here opens a socket of its own.
 *
 * <p>The block manager is Spark's internal API ({@code private[spark]} in Scala, which Java sees as public),
 * as it was for BigDL; it is confined to this class. Names are scoped by the caller (run, stage attempt), so
 * the blocks of a failed attempt are never mistaken for the retry's; {@link #removeAll} sweeps them. Waiting
 * for a block that will never come is safe only because all the workers run at once, in a barrier stage.
 */
final class BlockExchange {

    /** Every block of this project starts with it (in a TestBlockId, a free-form name: "test_alexnet-..."). */
    private static final String PREFIX = "alexnet-";
    /** Serialized bytes, spilled to the executor's disk rather than refused when its memory is short. */
    private static final StorageLevel LEVEL = StorageLevel.MEMORY_AND_DISK_SER();
    /** The longest wait between two looks for a block not there yet (the first waits 1 ms, each next twice as long). */
    private static final long LONGEST_PAUSE_MS = 8;

    private final BlockManager blocks = SparkEnv.get().blockManager();
    private final String scope;
    private final String name;

    /** Blocks named {@code alexnet-<scope>-<name>}. */
    BlockExchange(String scope) {
        this.scope = PREFIX + scope + "-";
        this.name = scope;
    }

    /** What this exchange's blocks are scoped by: a run and a stage attempt. */
    String scope() {
        return name;
    }

    /** A buffer for {@code floats} floats in the byte order of every block. */
    static ByteBuffer allocate(int floats) {
        return ByteBuffer.allocate(4 * floats).order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * Publishes {@code bytes} (from position 0 to its limit) under {@code name}; the buffer is the block's, not
     * to be written, until {@link #remove} (after which every reader has it).
     */
    void put(String name, ByteBuffer bytes) {
        bytes.rewind();
        boolean stored = blocks.putBytes(id(name), new ChunkedByteBuffer(bytes), LEVEL, true,
                ClassTag$.MODULE$.apply(byte[].class));
        if (!stored) {
            throw new IllegalStateException("block " + id(name).name() + ": the executor's block manager could "
                    + "store it neither in memory nor on disk");
        }
    }

    /**
     * Hands the block {@code name}, a task's or another's, to {@code reader} (positioned at its start, in the byte
     * order of every block) and returns its size in bytes; waits until some task has put it. A block of this
     * executor is read in place, under the block manager's read lock, not copied. Waiting is the workers' only
     * synchronisation: Spark's {@code barrier()} answers after a whole second (it sleeps in steps of one), too
     * long for every step, while a block is seen within {@link #LONGEST_PAUSE_MS} of its put. A task that Spark
     * kills (its stage failed) stops waiting.
     */
    long fetch(String name, Consumer<ByteBuffer> reader) {
        long pause = 1;
        while (true) {
            long size = read(name, reader);
            if (size >= 0) {
                return size;
            }
            TaskContext.get().killTaskIfInterrupted();
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for block " + id(name).name(), e);
            }
            pause = Math.min(2 * pause, LONGEST_PAUSE_MS);
        }
    }

    /** As {@link #fetch}, without waiting: -1, and {@code reader} not called, when no executor holds the block. */
    long read(String name, Consumer<ByteBuffer> reader) {
        BlockId id = id(name);
        Option<BlockData> local = blocks.getLocalBytes(id);
        if (local.isDefined()) {
            try {
                return read(local.get().toByteBuffer(), reader);
            } finally {
                blocks.releaseLock(id, Option.empty());
            }
        }
        Option<ChunkedByteBuffer> remote = blocks.getRemoteBytes(id);
        return remote.isDefined() ? read(remote.get().toByteBuffer(), reader) : -1;
    }

    private static long read(ByteBuffer block, Consumer<ByteBuffer> reader) {
        ByteBuffer view = block.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        long size = view.remaining();
        reader.accept(view);
        return size;
    }

    /** Removes the block {@code name} of this task; its buffer is the caller's again. */
    void remove(String name) {
        blocks.removeBlock(id(name), true);
    }

    private BlockId id(String name) {
        return new TestBlockId(scope + name);
    }

    /**
     * On the driver: removes every block of {@code scope}'s prefix on every executor; what a failed attempt
     * left behind (its tasks were killed before they removed their blocks).
     */
    static void removeAll(String scopePrefix) {
        BlockManagerMaster master = SparkEnv.get().blockManager().master();
        scala.collection.Iterator<BlockId> found = master.getMatchingBlockIds(
                new NameStartsWith("test_" + PREFIX + scopePrefix), true).iterator();
        while (found.hasNext()) {
            master.removeBlock(found.next());
        }
    }

    /** The filter of {@link #removeAll}: sent to every executor, so serializable and free of lambdas. */
    private static final class NameStartsWith extends AbstractFunction1<BlockId, Object> implements Serializable {
        private static final long serialVersionUID = 1L;
        private final String prefix;

        NameStartsWith(String prefix) {
            this.prefix = prefix;
        }

        @Override
        public Object apply(BlockId id) {
            return id.name().startsWith(prefix);
        }
    }
}
