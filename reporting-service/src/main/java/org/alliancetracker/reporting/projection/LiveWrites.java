package org.alliancetracker.reporting.projection;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.alliancetracker.platform.messaging.SourcePosition;
import org.springframework.stereotype.Component;

/**
 * Writes a live poll (the source bindings') into the generations being kept: the one it {@code fed} always; while a
 * rebuild replays into a new generation, that one too, but per partition only if the generation already holds every
 * earlier record of it ({@link Generations#completeThrough}), then records how far it now holds. A poll that would
 * leave a gap is left to the replay, which brings every record in order: a generation never misses a record, and a
 * record applied twice changes nothing (the offset guards of {@link BatchProjector}).
 *
 * <p>The replaying generation is written first: it is never behind the one it replaces, so a reader that moves to it
 * at the switch (instances see the switch up to one pointer poll apart) never sees a figure go back. The country
 * views changed in the generation reads use are announced, so they are re-published.
 */
@Component
public class LiveWrites {

    private final BatchProjector projector;
    private final Generations generations;
    private final CountryViewListener listener;

    public LiveWrites(BatchProjector projector, Generations generations, CountryViewListener listener) {
        this.projector = projector;
        this.generations = generations;
        this.listener = listener;
    }

    /**
     * @param events    the poll's valid events
     * @param positions every record of the poll, poison ones included (they are handled too)
     */
    public void apply(List<BatchProjector.Applicable> events, List<SourcePosition> positions) {
        Generations.Pointer pointer = generations.pointer();
        Integer replaying = pointer.replaying();
        if (replaying != null && replaying != pointer.fed()) {
            Set<String> changed = applyWhereContiguous(new Generation(replaying), events, positions);
            if (replaying == pointer.current()) {
                announce(changed);
            }
        }
        Set<String> changed = projector.apply(pointer.fedGeneration(), events);
        if (pointer.fed() == pointer.current()) {
            announce(changed);
        }
    }

    private Set<String> applyWhereContiguous(Generation next, List<BatchProjector.Applicable> events,
                                             List<SourcePosition> positions) {
        Map<String, Long> held = generations.completeThrough(next);
        Map<String, Long> first = new HashMap<>();
        positions.forEach(p -> first.merge(Generation.key(p), p.offset(), Math::min));
        Map<String, Long> last = Generations.lastOffsets(positions);
        Map<String, Long> contiguous = new HashMap<>();
        first.forEach((key, offset) -> {
            Long through = held.get(key);
            if (through != null && through >= offset - 1) {
                contiguous.put(key, last.get(key));
            }
        });
        if (contiguous.isEmpty()) {
            return Set.of();
        }
        List<BatchProjector.Applicable> follow = new ArrayList<>(events.size());
        for (BatchProjector.Applicable event : events) {
            if (contiguous.containsKey(Generation.key(event.position()))) {
                follow.add(event);
            }
        }
        Set<String> changed = projector.apply(next, follow);
        generations.advance(next, contiguous);
        return changed;
    }

    private void announce(Set<String> countries) {
        if (!countries.isEmpty()) {
            listener.countryViewsChanged(countries);
        }
    }
}
