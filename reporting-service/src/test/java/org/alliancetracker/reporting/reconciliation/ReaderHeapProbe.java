package org.alliancetracker.reporting.reconciliation;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.Map;

/**
 * Not a test: measures the heap a reconciliation file needs while it is read. Run it with a small heap, e.g.
 * {@code java -Xmx16m -cp <test classpath> org.alliancetracker.reporting.reconciliation.ReaderHeapProbe 50000};
 * the file (one activity of one grant, N disbursements of 155 bytes each) is generated as it is read, so only
 * the reader holds memory. Prints the peak heap in use.
 */
public final class ReaderHeapProbe {

    private ReaderHeapProbe() {
    }

    public static void main(String[] args) throws Exception {
        int transactions = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        GrantIndex grants = new GrantIndex(Map.of("GT-G-1", new GrantIndex.Grant("GT-G-1", "GT", "USAID")));
        System.gc();
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
        TheirFigures figures = new TheirFigures(100_000, null);
        new IatiActivitiesReader(grants, figures).read(ReconciliationIT.iati("GT-G-1", transactions, 2019));
        long peak = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        System.out.printf("transactions=%d bytes=%d theirs=%s peakHeapUsedMB=%.1f maxHeapMB=%.1f%n", transactions,
                (long) transactions * 155 + 190, figures.cents(), peak / 1048576.0,
                Runtime.getRuntime().maxMemory() / 1048576.0);
    }
}
