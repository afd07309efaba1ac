package alexnet.tornado;

import java.util.ArrayList;
import java.util.List;
import uk.ac.manchester.tornado.api.TornadoBackend;
import uk.ac.manchester.tornado.api.TornadoRuntime;
import uk.ac.manchester.tornado.api.common.TornadoDevice;
import uk.ac.manchester.tornado.api.runtime.TornadoRuntimeProvider;

/** The TornadoVM devices of this machine, named by TornadoVM's ids "backend:device" (e.g. "0:0"). */
public final class TornadoDevices {

    /** One device: its id, the device object, and what the listing prints. */
    public record Entry(String id, TornadoDevice device) {

        public String describe() {
            return String.format("%-5s %-10s %-5s %-48s global memory %,d MiB, max allocation %,d MiB, local %,d KiB",
                    id, device.getTornadoVMBackend(), device.getDeviceType(), name(device),
                    device.getMaxGlobalMemory() >> 20, device.getMaxAllocMemory() >> 20,
                    device.getDeviceLocalMemorySize() >> 10);
        }
    }

    /** The hardware's name (e.g. "cpu-haswell-AMD EPYC ..."), or TornadoVM's device name. */
    public static String name(TornadoDevice device) {
        try {
            String physical = device.getPhysicalDevice().getDeviceName();
            if (physical != null && !physical.isBlank()) {
                return physical.trim();
            }
        } catch (RuntimeException ignored) {
            // fall back below
        }
        return device.getDeviceName();
    }

    private TornadoDevices() {
    }

    /** Whether two device objects are one device: TornadoVM's device names ("opencl-0-0") are unique. */
    public static boolean sameDevice(TornadoDevice a, TornadoDevice b) {
        return a == b || a.getDeviceName().equals(b.getDeviceName());
    }

    public static List<Entry> all() {
        TornadoRuntime runtime = TornadoRuntimeProvider.getTornadoRuntime();
        List<Entry> devices = new ArrayList<>();
        for (int b = 0; b < runtime.getNumBackends(); b++) {
            TornadoBackend backend = runtime.getBackend(b);
            for (int d = 0; d < backend.getNumDevices(); d++) {
                devices.add(new Entry(b + ":" + d, backend.getDevice(d)));
            }
        }
        return devices;
    }

    /** The device with id "b:d"; a clear error listing the ids that exist otherwise. */
    public static TornadoDevice byId(String id) {
        return entry(id).device();
    }

    /** The entry of the device with id "b:d"; a clear error listing the ids that exist otherwise. */
    public static Entry entry(String id) {
        for (Entry entry : all()) {
            if (entry.id().equals(id.trim())) {
                return entry;
            }
        }
        throw new IllegalArgumentException("no TornadoVM device '" + id + "'; devices: "
                + all().stream().map(Entry::id).toList());
    }
}
