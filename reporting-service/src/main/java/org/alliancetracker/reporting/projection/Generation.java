package org.alliancetracker.reporting.projection;

import java.util.List;

import org.alliancetracker.platform.messaging.SourcePosition;

/**
 * One complete set of the views ({@link Views#ALL}): generation 0 has the collections' plain names (as before
 * generations existed), generation {@code n} the names suffixed {@code _g<n>}. A rebuild writes a new generation
 * while the current one serves; reads go through {@link Generations#current()}.
 */
public record Generation(int number) {

    public static final Generation FIRST = new Generation(0);

    /** The name of one of the views' collections in this generation. */
    public String name(String collection) {
        return number == 0 ? collection : collection + "_g" + number;
    }

    /** Every collection of this generation. */
    public List<String> collections() {
        return Views.ALL.stream().map(this::name).toList();
    }

    /** Key of a topic-partition in the stored progress maps (no dots: a MongoDB field name). */
    public static String key(String topic, int partition) {
        return topic.replace('.', '_') + "-" + partition;
    }

    public static String key(SourcePosition position) {
        return key(position.topic(), position.partition());
    }
}
