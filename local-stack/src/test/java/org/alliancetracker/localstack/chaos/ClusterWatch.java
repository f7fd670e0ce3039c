package org.alliancetracker.localstack.chaos;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.alliancetracker.events.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;

/**
 * What the chaos test needs to know about the Kafka cluster, asked with an admin client: which broker leads the
 * busiest partitions, who leads each partition, and whether every replica is back in sync.
 */
final class ClusterWatch implements AutoCloseable {

    private final Admin admin;

    ClusterWatch(String bootstrapServers) {
        this.admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers, "request.timeout.ms", 10_000,
                "default.api.timeout.ms", 30_000));
    }

    /** The broker whose partitions of alliance.disbursements hold the most records: the one under most load. */
    int busiestLeader() throws Exception {
        Map<TopicPartition, Integer> leaders = leaders(Set.of(Topics.DISBURSEMENTS));
        Map<TopicPartition, OffsetSpec> latest = leaders.keySet().stream()
                .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()));
        Map<Integer, Long> records = new HashMap<>();
        admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS)
                .forEach((tp, info) -> records.merge(leaders.get(tp), info.offset(), Long::sum));
        return records.entrySet().stream().max(Comparator.comparingLong(Map.Entry::getValue)).orElseThrow().getKey();
    }

    /** The leader of every partition of the alliance topics (and the group offsets); -1 for none. */
    Map<TopicPartition, Integer> leaders() throws Exception {
        return leaders(topics());
    }

    /** True when every partition has a leader and all of its replicas in sync. */
    boolean allInSync() throws Exception {
        return describe(topics()).values().stream().flatMap(d -> d.partitions().stream())
                .allMatch(p -> p.leader() != null && p.isr().size() == p.replicas().size());
    }

    /** True when no partition is led by {@code broker} any more (it has been fenced and new leaders elected). */
    boolean leadsNothing(int broker) throws Exception {
        return leaders().values().stream().noneMatch(leader -> leader == broker);
    }

    /** Partitions whose leader differs between two snapshots. */
    static long leaderChanges(Map<TopicPartition, Integer> before, Map<TopicPartition, Integer> after) {
        return before.entrySet().stream().filter(e -> !e.getValue().equals(after.get(e.getKey()))).count();
    }

    private Set<String> topics() throws Exception {
        return admin.listTopics(new ListTopicsOptions().listInternal(true)).names().get(30, TimeUnit.SECONDS)
                .stream().filter(name -> name.startsWith("alliance.") || name.equals("__consumer_offsets"))
                .collect(Collectors.toSet());
    }

    private Map<TopicPartition, Integer> leaders(Set<String> topics) throws Exception {
        Map<TopicPartition, Integer> leaders = new TreeMap<>(Comparator.comparing(TopicPartition::toString));
        describe(topics).forEach((topic, description) -> {
            for (TopicPartitionInfo p : description.partitions()) {
                leaders.put(new TopicPartition(topic, p.partition()), p.leader() == null ? -1 : p.leader().id());
            }
        });
        return leaders;
    }

    private Map<String, TopicDescription> describe(Set<String> topics) throws Exception {
        return admin.describeTopics(List.copyOf(topics)).allTopicNames().get(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        admin.close();
    }
}
