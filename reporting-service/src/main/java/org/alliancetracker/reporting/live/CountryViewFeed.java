package org.alliancetracker.reporting.live;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.alliancetracker.platform.worker.Worker;
import org.alliancetracker.events.AllianceEvent;
import org.alliancetracker.events.CloudEvent;
import org.alliancetracker.events.EventCodec;
import org.alliancetracker.events.Topics;
import org.alliancetracker.events.view.CountryViewChanged;
import org.alliancetracker.platform.observability.MessageTracing;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * This instance's window onto {@code alliance.country-views}: every view published by any instance, from the moment
 * this one started. It reads all partitions by manual assignment, without a consumer group (nothing to commit, no
 * rebalancing), so every instance sees every change, whichever instance applied the event. SSE clients subscribe to
 * {@link #views()}. Each view is handed to the streams inside a span continuing the trace of its record (from the
 * event that changed the view), so one trace runs from the request to the live streams.
 */
@Component
public class CountryViewFeed implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(CountryViewFeed.class);

    private final KafkaProperties kafka;
    private final EventCodec codec;
    private final MessageTracing tracing;
    private final Sinks.Many<LiveView> sink = Sinks.many().multicast().directBestEffort();
    private volatile KafkaConsumer<String, byte[]> consumer;
    private final Worker poller = new Worker("country-view-feed");
    private volatile boolean running;

    public CountryViewFeed(KafkaProperties kafka, EventCodec codec, MessageTracing tracing) {
        this.kafka = kafka;
        this.codec = codec;
        this.tracing = tracing;
    }

    /** Hot: the views that arrive from now on (a slow subscriber misses nothing it requested; see the stream). */
    public Flux<LiveView> views() {
        return sink.asFlux();
    }

    @Override
    public synchronized void start() {
        Map<String, Object> config = new HashMap<>(kafka.buildConsumerProperties());
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "country-view-feed-" + java.util.UUID.randomUUID());
        consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = partitions();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // resolve "end" now: whatever is published after start is seen
        running = true;
        poller.start().execute(this::poll);
    }

    private List<TopicPartition> partitions() {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            List<PartitionInfo> infos = consumer.partitionsFor(Topics.COUNTRY_VIEWS, Duration.ofSeconds(10));
            if (infos != null && !infos.isEmpty()) {
                return infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Topic " + Topics.COUNTRY_VIEWS + " does not exist");
            }
            java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
        }
    }

    private void poll() {
        try {
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    emit(record);
                }
            }
        } catch (WakeupException stopping) {
            // stop() woke us up
        } catch (RuntimeException e) {
            log.error("The country view feed stopped: live streams get no further changes", e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void emit(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            return; // a tombstone: nothing to show
        }
        try {
            CloudEvent<AllianceEvent> event = codec.decode(record.value());
            if (event.data() instanceof CountryViewChanged changed) {
                // one thread emits: the sink's serial-emission rule holds
                tracing.receive(record.topic(), record.headers(),
                        () -> sink.tryEmitNext(new LiveView(changed.country(), changed.view())));
            }
        } catch (RuntimeException e) {
            log.warn("Skipped a record on {} that is not a country view at offset {}-{}: {}", record.topic(),
                    record.partition(), record.offset(), e.getMessage());
        }
    }

    @Override
    public synchronized void stop() {
        running = false;
        if (consumer != null) {
            consumer.wakeup();
        }
        poller.stop(Duration.ofSeconds(5));
        sink.tryEmitComplete();
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
