package org.alliancetracker.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Resident memory of a process as the kernel counts it ({@code VmRSS} of {@code /proc/<pid>/status}). */
final class Rss {

    private Rss() {
    }

    /** In bytes; 0 when the process is gone. */
    static long of(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return 0;
    }

    /** The process and all its descendants. */
    static long ofTree(ProcessHandle root) {
        return of(root.pid()) + root.descendants().mapToLong(p -> of(p.pid())).sum();
    }

    static String mib(long bytes) {
        return String.format("%,d MiB", bytes / (1024 * 1024));
    }
}
