package alexnet.tornado;

import alexnet.kernels.device.MatrixProducts;
import alexnet.kernels.device.Product;
import uk.ac.manchester.tornado.api.GridScheduler;
import uk.ac.manchester.tornado.api.TornadoExecutionPlan;
import uk.ac.manchester.tornado.api.WorkerGrid;
import uk.ac.manchester.tornado.api.WorkerGrid1D;
import uk.ac.manchester.tornado.api.WorkerGrid3D;
import uk.ac.manchester.tornado.api.common.TornadoDevice;
import uk.ac.manchester.tornado.api.enums.TornadoDeviceType;
import uk.ac.manchester.tornado.api.enums.TornadoVMBackendType;

/**
 * The work-group sizes of a device's launches, given explicitly because TornadoVM's defaults are poor at
 * both ends: on PoCL it makes the whole range one work-group (one CPU thread runs the kernel); a GPU wants
 * a few warps per group and enough groups to fill every multiprocessor.
 *
 * @param local  work-items per group of a one-dimensional launch (one work-item per output element)
 * @param tiled  matrix products through {@link TiledGemm} (else the CPU forms of
 *               {@link MatrixProducts}: {@link #fourByEight})
 * @param lineGrids  launches whose kernel takes its loop bound from a parameter get these grids too
 *                   (else TornadoVM chooses theirs); every other launch always has its grid
 */
record LaunchShapes(int local, boolean tiled, boolean lineGrids) {

    /**
     * A GPU: 256 work-items (8 warps) per group, products tiled through local memory. A CPU device
     * (PoCL): 64 per group, one group being one thread's task, and products in the CPU forms: there local
     * memory is ordinary memory and the tiled kernel's barriers cost more than they save (measured: the
     * small net's step 2.7x slower tiled than with one work-item per element of C).
     */
    static LaunchShapes of(TornadoDevice device) {
        boolean gpu = device.getDeviceType() == TornadoDeviceType.GPU;
        return new LaunchShapes(gpu ? 256 : 64, gpu, device.getTornadoVMBackend() != TornadoVMBackendType.PTX);
    }

    /**
     * Registers per work-item on PTX: TornadoVM launches a one-dimensional kernel there in blocks of the
     * device's maximum, 1024 threads, which a kernel of more than 64 registers cannot fill (CUDA error 701).
     */
    static final int PTX_REGISTERS = 64;

    /**
     * Gives {@code plan} the grids of {@code scheduler} (if any) and, on PTX, a cap of
     * {@link #PTX_REGISTERS} registers per work-item. Measured on an H200: with a grid for every launch,
     * TornadoVM's PTX backend runs a step graph once and then fails with an illegal address (CUDA error
     * 700) on the next execution, so on PTX the launches whose loop bound is a kernel parameter keep
     * TornadoVM's own grids ({@link #of}), whose 1024-thread blocks need the cap.
     */
    static void configure(TornadoExecutionPlan plan, GridScheduler scheduler) {
        if (!scheduler.keySet().isEmpty()) {
            plan.withGridScheduler(scheduler);
        }
        plan.withCompilerFlags(TornadoVMBackendType.PTX, "CU_JIT_MAX_REGISTERS " + PTX_REGISTERS);
    }

    /** The device's shapes with the products tiled or not, and grids for 1-D launches or not, as asked. */
    static LaunchShapes of(TornadoDevice device, boolean tiled, boolean lineGrids) {
        return new LaunchShapes(of(device).local(), tiled, lineGrids);
    }

    /**
     * One work-item per element of a range of {@code items}, exactly: under a grid TornadoVM takes a
     * loop bound that is a kernel parameter ({@code count}, {@code length}, {@code batch}) from the grid's
     * global size, so a range rounded up to whole groups would run past the arrays. The work-group is
     * therefore the largest divisor of {@code items} up to {@link #local} (AlexNet's sizes have many
     * factors of two; a prime count gets small groups, and only small ranges are prime here).
     */
    WorkerGrid line(long items) {
        int size = Math.toIntExact(items);
        int group = local;
        while (size % group != 0) {
            group--;
        }
        WorkerGrid grid = new WorkerGrid1D(size);
        grid.setLocalWork(group, 1, 1);
        return grid;
    }

    /**
     * The grid of a matrix product: {@link TiledGemm}'s tiles; else, on a CPU device, one work-item per tile
     * of 4 x 8 elements of C where B's columns are contiguous ({@link #fourByEight}), or of 4 x 4.
     */
    WorkerGrid product(Product p) {
        if (!tiled) {
            return fourByEight(p) ? fourByEightGrid(p) : fourByFourGrid(p);
        }
        int columns = (p.n() + TiledGemm.TILE - 1) / TiledGemm.TILE;
        int rows = (p.m() + TiledGemm.TILE - 1) / TiledGemm.TILE;
        WorkerGrid grid = new WorkerGrid3D(columns * TiledGemm.THREADS, rows * TiledGemm.THREADS, p.products());
        grid.setLocalWork(TiledGemm.THREADS, TiledGemm.THREADS, 1);
        return grid;
    }

    /**
     * Whether an untiled product runs as {@link MatrixProducts#multiplyFourByEight}: when B's columns are
     * contiguous (the forward and input-gradient products), which that kernel needs; else as
     * {@link MatrixProducts#multiplyFourByFour} (the weight gradients, B^T).
     */
    boolean fourByEight(Product p) {
        return !tiled && p.bColStride() == 1;
    }

    /** One work-item per tile of 4 rows and 8 columns of each product's C. */
    WorkerGrid fourByEightGrid(Product p) {
        return line((long) p.products() * ((p.m() + 3) / 4) * ((p.n() + 7) / 8));
    }

    /** One work-item per tile of 4 rows and 4 columns of each product's C. */
    WorkerGrid fourByFourGrid(Product p) {
        return line((long) p.products() * ((p.m() + 3) / 4) * ((p.n() + 3) / 4));
    }

    /** Work-items of a grid: the product of its global sizes. */
    static long workItems(WorkerGrid grid) {
        long[] global = grid.getGlobalWork();
        return global[0] * Math.max(1, global[1]) * Math.max(1, global[2]);
    }
}
