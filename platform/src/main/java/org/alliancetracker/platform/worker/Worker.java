package org.alliancetracker.platform.worker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One named daemon thread for a component's background work: tasks at a fixed delay ({@link #every}), at a delay
 * that grows with their cost ({@link #paced}) and tasks handed over now ({@link #execute}). The one way background work is run in these services: the owner starts and stops it
 * from its own lifecycle (a {@code SmartLifecycle}, so that the phase orders it against the clients it uses).
 *
 * <p>A periodic task that throws is logged and runs again at its next time (a bare scheduled executor would cancel
 * it silently). {@link #stop()} interrupts what is running; {@link #stop(Duration)} lets the queued work finish first,
 * for at most that long. A task handed over after the stop is refused ({@link #execute} returns {@code false}).
 */
public final class Worker {

    private static final Logger log = LoggerFactory.getLogger(Worker.class);

    private final String name;
    private volatile ScheduledExecutorService executor;

    public Worker(String name) {
        this.name = name;
    }

    /** Starts the thread (idempotent while running). */
    public synchronized Worker start() {
        if (executor == null || executor.isShutdown()) {
            ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(1, runnable -> {
                Thread thread = new Thread(runnable, name);
                thread.setDaemon(true);
                return thread;
            });
            pool.setRemoveOnCancelPolicy(true);
            executor = pool;
        }
        return this;
    }

    /** Runs {@code task} after {@code initialDelay}, then {@code interval} after each run ends. */
    public Worker every(Duration initialDelay, Duration interval, Runnable task) {
        running().scheduleWithFixedDelay(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                log.warn("{}: a periodic task failed, run again in {}: {}", name, interval, e.toString());
            }
        }, initialDelay.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /**
     * Like {@link #every}, but a run that took long waits longer before the next: at least {@code interval}, and so
     * long that the task takes at most {@code share} of the time ({@code 0.05}: a scan that took 1 s waits 19 s). For
     * safety-net scans: where the store serves them from an index they run every {@code interval}; where it cannot (a
     * missing index, a store that keeps none, a collection under heavy write load) they back off instead of keeping
     * the store busy.
     */
    public Worker paced(Duration initialDelay, Duration interval, double share, Runnable task) {
        if (!(share > 0 && share <= 1)) {
            throw new IllegalArgumentException("share must be in (0, 1]: " + share);
        }
        ScheduledExecutorService on = running();
        on.schedule(new Paced(on, interval, share, task), initialDelay.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** The wait after a run of {@code took} for {@link #paced}. */
    static Duration pause(Duration interval, double share, Duration took) {
        long nanos = (long) (took.toNanos() * (1 - share) / share);
        return nanos > interval.toNanos() ? Duration.ofNanos(nanos) : interval;
    }

    private final class Paced implements Runnable {
        private final ScheduledExecutorService on;
        private final Duration interval;
        private final double share;
        private final Runnable task;

        Paced(ScheduledExecutorService on, Duration interval, double share, Runnable task) {
            this.on = on;
            this.interval = interval;
            this.share = share;
            this.task = task;
        }

        @Override
        public void run() {
            long start = System.nanoTime();
            try {
                task.run();
            } catch (RuntimeException e) {
                log.warn("{}: a periodic task failed, run again in {}: {}", name, interval, e.toString());
            }
            Duration wait = pause(interval, share, Duration.ofNanos(System.nanoTime() - start));
            try {
                on.schedule(this, wait.toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException stopped) {
                // the worker stopped: the task ends with it (a new start schedules its tasks anew)
            }
        }
    }

    /** Hands {@code task} to the thread; {@code false} when the worker is stopped (or was never started). */
    public boolean execute(Runnable task) {
        ScheduledExecutorService current = executor;
        if (current == null) {
            return false;
        }
        try {
            current.execute(task);
            return true;
        } catch (RejectedExecutionException stopped) {
            return false;
        }
    }

    /** Runs {@code task} on the thread after {@code delay}; {@code false} when the worker is stopped. */
    public boolean schedule(Duration delay, Runnable task) {
        ScheduledExecutorService current = executor;
        if (current == null) {
            return false;
        }
        try {
            current.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (RejectedExecutionException stopped) {
            return false;
        }
    }

    /** Stops at once: the running task is interrupted, queued and periodic ones are dropped. */
    public synchronized void stop() {
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    /** Takes no more work, lets what is queued finish for at most {@code grace}, then stops at once. */
    public void stop(Duration grace) {
        stopAll(List.of(this), grace);
    }

    /** {@link #stop(Duration)} for several workers, which finish their queued work at the same time. */
    public static void stopAll(Collection<Worker> workers, Duration grace) {
        List<ScheduledExecutorService> executors = new ArrayList<>();
        for (Worker worker : workers) {
            ScheduledExecutorService current = worker.executor;
            if (current != null) {
                current.shutdown();
                executors.add(current);
            }
        }
        long deadline = System.nanoTime() + grace.toNanos();
        try {
            for (ScheduledExecutorService current : executors) {
                if (!current.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    current.shutdownNow();
                }
            }
        } catch (InterruptedException e) {
            executors.forEach(ScheduledExecutorService::shutdownNow);
            Thread.currentThread().interrupt();
        }
    }

    private ScheduledExecutorService running() {
        ScheduledExecutorService current = executor;
        if (current == null) {
            throw new IllegalStateException("Worker " + name + " is not started");
        }
        return current;
    }

    @Override
    public String toString() {
        return "Worker[" + name + "]";
    }
}
