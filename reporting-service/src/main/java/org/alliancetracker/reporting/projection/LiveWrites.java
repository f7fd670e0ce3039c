package org.alliancetracker.reporting.projection;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.stereotype.Component;

/**
 * Writes a live poll (the source bindings') into the generation live polls are fed, the current one, and announces
 * the country views it changed, so they are re-published.
 *
 * <p>The pointer is read after the poll's records were read (one find by id while a rebuild is named, else the
 * cached one if fresh: {@link Generations#forWriting}): while a rebuild's
 * cutover has frozen the current generation ({@link Generations}), the poll waits for the cutover (usually well under
 * a second), then writes the new generation. So a record is written into the frozen generation only if it was read
 * before the freeze.
 */
@Component
public class LiveWrites implements ApplicationListener<ContextClosedEvent> {

    private static final Logger log = LoggerFactory.getLogger(LiveWrites.class);
    private static final Duration WAIT = Duration.ofMillis(50);
    private static final Duration WARN_EVERY = Duration.ofSeconds(30);

    private final Projector projector;
    private final Generations generations;
    private final CountryViewListener listener;
    private volatile boolean closing;

    public LiveWrites(Projector projector, Generations generations, CountryViewListener listener) {
        this.projector = projector;
        this.generations = generations;
        this.listener = listener;
    }

    /** Writes the poll's valid events (its poison records are dead-lettered by the caller). */
    public void apply(List<Projector.Applicable> events) {
        Generations.Pointer pointer = fedPointer();
        Set<String> changed = projector.apply(pointer.fedGeneration(), events);
        if (pointer.fed() == pointer.current() && !changed.isEmpty()) {
            listener.countryViewsChanged(changed);
        }
    }

    /** The pointer, once it names a generation to feed (waiting out a cutover). */
    private Generations.Pointer fedPointer() {
        Generations.Pointer pointer = generations.forWriting();
        long waitingSince = System.nanoTime();
        long warned = waitingSince;
        while (pointer.fed() == null) {
            if (closing) {
                // not written, not committed: the poll is read again after the restart, once the cutover is made
                throw new IllegalStateException("Shutting down while a rebuild's cutover is pending");
            }
            if (System.nanoTime() - warned > WARN_EVERY.toNanos()) {
                warned = System.nanoTime();
                log.warn("Live poll waiting {} s for a rebuild's cutover (generation {} frozen)",
                        Duration.ofNanos(warned - waitingSince).toSeconds(), pointer.current());
            }
            try {
                Thread.sleep(WAIT); // a pacing pause between pointer reads, not a wait for a condition elsewhere
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for a rebuild's cutover", e);
            }
            pointer = generations.refresh();
        }
        return pointer;
    }

    @Override
    public void onApplicationEvent(ContextClosedEvent event) {
        closing = true;
    }
}
