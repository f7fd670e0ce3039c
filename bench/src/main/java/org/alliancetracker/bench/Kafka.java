package org.alliancetracker.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** The broker seen from outside: offsets, lag, record sizes, and Kafka's own performance tools as child JVMs. */
final class Kafka implements AutoCloseable {

    private final String bootstrap;
    private final Admin admin;

    Kafka(String bootstrap) {
        this.bootstrap = bootstrap;
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrap);
        this.admin = Admin.create(props);
    }

    /** Σ end offsets of a topic (0 if it does not exist yet). */
    long endOffsets(String topic) {
        try {
            if (!admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(topic)) {
                return 0;
            }
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic).partitions()
                    .forEach(p -> request.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            return admin.listOffsets(request).all().get(30, TimeUnit.SECONDS).values().stream()
                    .mapToLong(info -> info.offset()).sum();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Records not yet committed by any consumer group, over every partition each group has committed on. */
    long totalLag() {
        try {
            long lag = 0;
            Collection<ConsumerGroupListing> groups = admin.listConsumerGroups().all().get(30, TimeUnit.SECONDS);
            for (ConsumerGroupListing group : groups) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group.groupId())
                        .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
                Map<TopicPartition, OffsetSpec> request = new HashMap<>();
                committed.keySet().forEach(tp -> request.put(tp, OffsetSpec.latest()));
                var ends = admin.listOffsets(request).all().get(30, TimeUnit.SECONDS);
                for (var entry : committed.entrySet()) {
                    if (entry.getValue() != null) {
                        lag += Math.max(0, ends.get(entry.getKey()).offset() - entry.getValue().offset());
                    }
                }
            }
            return lag;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    void awaitNoLag(Duration timeout) {
        Api.await("every consumer group to catch up", timeout, () -> totalLag() == 0);
    }

    void createTopic(String name, int partitions) {
        try {
            if (!admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(name)) {
                admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The mean size in bytes of the (first up to {@code sample}) record values of a topic. */
    int meanValueSize(String topic, int sample) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-size-" + System.nanoTime());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long bytes = 0;
            int count = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (count < sample && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (count < sample) {
                        bytes += record.value().length;
                        count++;
                    }
                }
            }
            return count == 0 ? 0 : (int) (bytes / count);
        }
    }

    /** {@code ProducerPerformance}: records/s (acks=all, the tool's other producer defaults). */
    double producerPerformance(String topic, long records, int recordSize, Path log) {
        List<String> lines = tool("org.apache.kafka.tools.ProducerPerformance", log, "--topic", topic,
                "--num-records", Long.toString(records), "--record-size", Integer.toString(recordSize),
                "--throughput", "-1", "--producer-props", "bootstrap.servers=" + bootstrap, "acks=all");
        // "100000 records sent, 45454.5 records/sec (22.19 MB/sec), ..."
        for (String line : lines.reversed()) {
            if (line.contains("records sent,")) {
                String rate = line.substring(line.indexOf("records sent,") + 13, line.indexOf("records/sec")).trim();
                return Double.parseDouble(rate);
            }
        }
        throw new IllegalStateException("ProducerPerformance printed no result; see " + log);
    }

    /**
     * {@code ConsumerPerformance} from the beginning with a new group: {@code fetch.nMsg.sec}, records/s while
     * fetching (after the group join), and {@code nMsg.sec}, over the whole run.
     */
    double[] consumerPerformance(String topic, long messages, Path log) {
        List<String> lines = tool("org.apache.kafka.tools.ConsumerPerformance", log, "--bootstrap-server", bootstrap,
                "--topic", topic, "--messages", Long.toString(messages), "--group", "bench-perf-" + System.nanoTime(),
                "--timeout", "30000");
        // header: start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec,
        //         rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec
        for (int i = 0; i < lines.size() - 1; i++) {
            if (lines.get(i).startsWith("start.time")) {
                String[] header = lines.get(i).split(",\\s*");
                String[] values = lines.get(i + 1).split(",\\s*");
                double all = 0;
                double fetch = 0;
                for (int c = 0; c < header.length && c < values.length; c++) {
                    if (header[c].trim().equals("nMsg.sec")) {
                        all = Double.parseDouble(values[c].trim());
                    } else if (header[c].trim().equals("fetch.nMsg.sec")) {
                        fetch = Double.parseDouble(values[c].trim());
                    }
                }
                return new double[] {fetch, all};
            }
        }
        throw new IllegalStateException("ConsumerPerformance printed no result; see " + log);
    }

    private static List<String> tool(String mainClass, Path log, String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            List<String> lines = new ArrayList<>();
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    lines.add(line);
                }
            }
            process.waitFor(10, TimeUnit.MINUTES);
            java.nio.file.Files.write(log, lines, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
            return lines;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        admin.close();
    }
}
