package org.alliancetracker.localstack;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The heap bound of each part of the stack in its own JVM ({@code --separate-processes}, the chaos tests, the
 * benchmarks' load stack). Without one, a JVM's heap grows to a quarter of the machine's memory: the MongoDB-wire
 * server reached 5.9 GiB resident after the benchmarks' load and rebuilds (docs/benchmarks.md). The bounds keep
 * the whole stack near 2 GiB; override one with {@code ALLIANCE_PART_HEAP_<PART>} (e.g.
 * {@code ALLIANCE_PART_HEAP_MONGO=1g}) or {@code -Dalliance.part.heap.<part>=…}.
 */
public final class PartMemory {

    static final Map<String, String> DEFAULT_HEAP = Map.of(
            "kafka", "256m",
            "mongo", "448m",
            "issuer", "96m",
            "grants", "192m",
            "disbursement", "256m",
            "reporting", "256m");

    private PartMemory() {
    }

    /** {@code -Xmx…} for this part (none for a part it does not know, or when the options already set one). */
    public static List<String> options(String part, List<String> jvmOptions) {
        if (jvmOptions.stream().anyMatch(o -> o.startsWith("-Xmx") || o.startsWith("-XX:MaxRAMPercentage"))) {
            return List.of();
        }
        String heap = heap(part);
        return heap == null ? List.of() : List.of("-Xmx" + heap);
    }

    static String heap(String part) {
        String override = System.getProperty("alliance.part.heap." + part);
        if (override == null || override.isBlank()) {
            override = System.getenv("ALLIANCE_PART_HEAP_" + part.toUpperCase(Locale.ROOT));
        }
        return override != null && !override.isBlank() ? override.trim() : DEFAULT_HEAP.get(part);
    }
}
