package org.alliancetracker.platform.messaging;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.springframework.cloud.stream.config.BindingProperties;
import org.springframework.cloud.stream.config.BindingServiceProperties;
import org.springframework.util.StringUtils;

/**
 * The consumer bindings a service declares ({@code spring.cloud.stream.bindings.<name>-in-<n>} with a group): which
 * topic each reads with which consumer group. Operations (dead letters, lag, retry checks) work from this list, so a
 * new binding is covered without further code.
 */
public final class InputBindings {

    private static final Pattern INPUT = Pattern.compile(".+-in-\\d+");

    private final BindingServiceProperties bindings;

    public InputBindings(BindingServiceProperties bindings) {
        this.bindings = bindings;
    }

    /** One input binding of one topic (a binding with several destinations yields one entry per topic). */
    public record Input(String binding, String topic, String group) {
    }

    public List<Input> all() {
        List<Input> inputs = new ArrayList<>();
        bindings.getBindings().forEach((name, properties) -> {
            if (isInput(name, properties)) {
                for (String topic : StringUtils.commaDelimitedListToStringArray(properties.getDestination())) {
                    inputs.add(new Input(name, topic.trim(), properties.getGroup()));
                }
            }
        });
        inputs.sort(java.util.Comparator.comparing(Input::topic).thenComparing(Input::group));
        return inputs;
    }

    /** The distinct topics consumed. */
    public List<String> topics() {
        return all().stream().map(Input::topic).distinct().sorted().toList();
    }

    private static boolean isInput(String name, BindingProperties properties) {
        return StringUtils.hasText(properties.getDestination()) && StringUtils.hasText(properties.getGroup())
                && (INPUT.matcher(name).matches() || properties.getConsumer() != null);
    }
}
