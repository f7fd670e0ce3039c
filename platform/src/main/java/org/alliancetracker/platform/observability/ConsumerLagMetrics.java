package org.alliancetracker.platform.observability;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import org.alliancetracker.platform.messaging.InputBindings;
import org.alliancetracker.platform.worker.Worker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code alliance.kafka.consumer.lag{group,topic,partition}}: how many records of each partition the service's
 * consumer groups have not yet committed (end offset − committed offset; a partition without a commit counts from
 * its earliest offset, where the bindings start). Measured from the broker with the admin client on a schedule, so
 * it also shows partitions no instance currently consumes (a crashed instance, a stuck rebalance), and scrapes cost
 * nothing. Every instance of a service reports its whole group.
 */
public class ConsumerLagMetrics implements SmartLifecycle {

    public static final String METRIC = "alliance.kafka.consumer.lag";
    private static final Logger log = LoggerFactory.getLogger(ConsumerLagMetrics.class);

    private final ClusterAdmin cluster;
    private final InputBindings inputs;
    private final MeterRegistry registry;
    private final Duration interval;
    private final Map<TopicPartitionOfGroup, AtomicLong> lags = new ConcurrentHashMap<>();
    private final Worker worker = new Worker("consumer-lag-metrics");
    private volatile boolean running;

    public ConsumerLagMetrics(ClusterAdmin cluster, InputBindings inputs, MeterRegistry registry, Duration interval) {
        this.cluster = cluster;
        this.inputs = inputs;
        this.registry = registry;
        this.interval = interval;
    }

    /** The last measured lag of one partition for one group, or -1 if not measured yet. */
    public long lag(String group, String topic, int partition) {
        AtomicLong lag = lags.get(new TopicPartitionOfGroup(group, topic, partition));
        return lag == null ? -1 : lag.get();
    }

    void refresh() {
        Map<String, Set<String>> topicsByGroup = inputs.all().stream().collect(Collectors.groupingBy(
                InputBindings.Input::group, Collectors.mapping(InputBindings.Input::topic, Collectors.toSet())));
        if (topicsByGroup.isEmpty()) {
            return;
        }
        long timeout = ClusterAdmin.TIMEOUT.toMillis();
        try {
            Admin admin = cluster.admin();
            Set<String> topics = topicsByGroup.values().stream().flatMap(Set::stream).collect(Collectors.toSet());
            List<TopicPartition> partitions = admin.describeTopics(topics).allTopicNames()
                    .get(timeout, TimeUnit.MILLISECONDS).values().stream()
                    .flatMap(t -> t.partitions().stream().map(p -> new TopicPartition(t.name(), p.partition())))
                    .toList();
            Map<TopicPartition, Long> ends = offsets(admin, partitions, OffsetSpec.latest());
            Map<TopicPartition, Long> starts = null;
            for (Map.Entry<String, Set<String>> group : topicsByGroup.entrySet()) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group.getKey())
                        .partitionsToOffsetAndMetadata().get(timeout, TimeUnit.MILLISECONDS);
                for (TopicPartition tp : partitions) {
                    if (!group.getValue().contains(tp.topic())) {
                        continue;
                    }
                    OffsetAndMetadata commit = committed.get(tp);
                    long from;
                    if (commit != null) {
                        from = commit.offset();
                    } else {
                        if (starts == null) {
                            starts = offsets(admin, partitions, OffsetSpec.earliest());
                        }
                        from = starts.getOrDefault(tp, 0L);
                    }
                    long lag = Math.max(0, ends.getOrDefault(tp, from) - from);
                    gauge(new TopicPartitionOfGroup(group.getKey(), tp.topic(), tp.partition())).set(lag);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.debug("Consumer lag not measured: {}", e.toString());
        }
    }

    private AtomicLong gauge(TopicPartitionOfGroup key) {
        return lags.computeIfAbsent(key, k -> {
            AtomicLong value = new AtomicLong();
            Gauge.builder(METRIC, value, AtomicLong::get)
                    .description("Records of the partition not yet committed by the consumer group")
                    .baseUnit("records")
                    .tags("group", k.group(), "topic", k.topic(), "partition", Integer.toString(k.partition()))
                    .register(registry);
            return value;
        });
    }

    private static Map<TopicPartition, Long> offsets(Admin admin, List<TopicPartition> partitions, OffsetSpec spec)
            throws Exception {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(tp -> request.put(tp, spec));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> found = admin.listOffsets(request).all()
                .get(ClusterAdmin.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        Map<TopicPartition, Long> offsets = new HashMap<>();
        found.forEach((tp, info) -> offsets.put(tp, info.offset()));
        return offsets;
    }

    @Override
    public synchronized void start() {
        worker.start().every(Duration.ZERO, interval, this::refresh);
        running = true;
    }

    @Override
    public synchronized void stop() {
        running = false;
        worker.stop();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private record TopicPartitionOfGroup(String group, String topic, int partition) {
    }
}
