package org.alliancetracker.localstack;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Which part of the local stack a log line comes from, when several share one JVM (Spring Boot configures logging
 * once per JVM, so its {@code APPLICATION_NAME} is the first application's for every line).
 *
 * <p>A line is named, in this order, by the package of its logger (each part's own code), by the part that was
 * starting when its thread was created (a part's consumers, relays and schedulers start with it and inherit its
 * name), else by the one part this JVM runs ({@code --separate-processes}), else {@code local-stack}. Threads shared
 * by all parts (Reactor Netty's event loops, Reactor's schedulers) inherit nothing: created while one part started,
 * they serve all of them.
 */
public final class ServiceLogNames {

    private static final Map<String, String> BY_PACKAGE = new ConcurrentHashMap<>();
    private static final InheritableThreadLocal<String> STARTING = new InheritableThreadLocal<>();
    private static final Set<String> STARTED = ConcurrentHashMap.newKeySet();

    static {
        // the broker's own code (its clients' code, org.apache.kafka.clients/common, runs on the parts' threads)
        for (String broker : List.of("kafka.", "state.change.logger", "org.apache.kafka.server.",
                "org.apache.kafka.controller.", "org.apache.kafka.raft.", "org.apache.kafka.storage.",
                "org.apache.kafka.metadata.", "org.apache.kafka.image.", "org.apache.kafka.coordinator.")) {
            BY_PACKAGE.put(broker, "kafka");
        }
        BY_PACKAGE.put("de.bwaldvogel.", "mongo");
    }

    private ServiceLogNames() {
    }

    /** Runs {@code start} as part {@code name} (whose own code lives under {@code codePackage}). */
    public static <T> T starting(String name, String codePackage, Supplier<T> start) {
        BY_PACKAGE.put(codePackage + ".", name);
        STARTED.add(name);
        String previous = STARTING.get();
        STARTING.set(name);
        try {
            return start.get();
        } finally {
            STARTING.set(previous);
        }
    }

    /** The part a line of {@code loggerName}, logged on the current thread, belongs to; null when unknown. */
    static String of(String loggerName) {
        String best = null;
        int bestLength = -1;
        for (Map.Entry<String, String> entry : BY_PACKAGE.entrySet()) {
            String prefix = entry.getKey();
            if ((loggerName.startsWith(prefix) || loggerName.equals(prefix)) && prefix.length() > bestLength) {
                best = entry.getValue();
                bestLength = prefix.length();
            }
        }
        if (best == null && !sharedByAllParts(Thread.currentThread().getName())) {
            best = STARTING.get();
        }
        if (best == null) {
            best = STARTED.size() == 1 ? STARTED.iterator().next() : STARTED.isEmpty() ? null : "local-stack";
        }
        return best;
    }

    private static boolean sharedByAllParts(String threadName) {
        return threadName.startsWith("reactor-") || threadName.startsWith("parallel-")
                || threadName.startsWith("boundedElastic-") || threadName.startsWith("single-");
    }
}
