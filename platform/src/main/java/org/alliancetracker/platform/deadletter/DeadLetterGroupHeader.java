package org.alliancetracker.platform.deadletter;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.apache.kafka.clients.producer.ProducerInterceptor;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.springframework.cloud.stream.binder.kafka.support.ProducerConfigCustomizer;

/**
 * Stamps every record the binder dead-letters with the consumer group that gave up on it ({@code x-dead-letter-group}).
 * A topic's dead-letter topic is shared by all the groups that read the topic, and the binder's own headers do not
 * say which one failed; the re-drive needs to know (see {@code SourcePosition#redrivenFrom}).
 *
 * <p>Installed as a Kafka producer interceptor on the binder's dead-letter producers only: the binder builds a
 * binding's dead-letter producer under the binding's (input) name, which is how {@link #customizer} recognises it.
 */
public class DeadLetterGroupHeader implements ProducerInterceptor<Object, Object> {

    public static final String HEADER = "x-dead-letter-group";
    static final String GROUP_CONFIG = "alliance.dead-letter.group";

    private byte[] group;

    @Override
    public void configure(Map<String, ?> configs) {
        Object value = configs.get(GROUP_CONFIG);
        group = value == null ? null : value.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public ProducerRecord<Object, Object> onSend(ProducerRecord<Object, Object> record) {
        if (group != null) {
            record.headers().remove(HEADER);
            record.headers().add(HEADER, group);
        }
        return record;
    }

    @Override
    public void onAcknowledgement(RecordMetadata metadata, Exception exception) {
    }

    @Override
    public void close() {
    }

    /** Adds the interceptor to the producers the binder creates for input bindings (their dead-letter producers). */
    public static ProducerConfigCustomizer customizer(org.alliancetracker.platform.messaging.InputBindings inputs) {
        return (config, bindingName, destination) -> {
            String group = inputs.all().stream().filter(i -> i.binding().equals(bindingName))
                    .map(org.alliancetracker.platform.messaging.InputBindings.Input::group).findFirst().orElse(null);
            if (group != null) {
                config.put(org.apache.kafka.clients.producer.ProducerConfig.INTERCEPTOR_CLASSES_CONFIG,
                        DeadLetterGroupHeader.class.getName());
                config.put(GROUP_CONFIG, group);
            }
        };
    }
}
