package org.alliancetracker.platform.outbox;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.alliancetracker.events.CloudEvent;
import org.alliancetracker.events.EventCodec;
import org.alliancetracker.platform.messaging.RecordSender;
import org.alliancetracker.platform.observability.EventTypes;
import org.alliancetracker.platform.observability.MessageTracing;
import org.alliancetracker.platform.worker.Worker;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Publishes the events stored in {@code outbox} arrays to Kafka, then removes them: the second half of the outbox
 * pattern (no dual write). A service that has just written a document calls {@link #kick} and the event is on its way
 * within milliseconds; a periodic sweep picks up whatever a crash or a broker outage left behind.
 *
 * <p>Delivery is at-least-once: an entry is removed only after the broker acknowledged it (acks=all, idempotent
 * producer), so a crash in between publishes it again with the same CloudEvent id, which consumers recognise.
 * A document is always relayed by one lane, entries in array order, and only the acknowledged prefix is removed, so
 * the events of one aggregate keep their order on the topic.
 *
 * <p>Operations: each record carries {@code ce_id} and {@code ce_type} headers and the W3C {@code traceparent} of a
 * producer span continuing the trace of the request that appended the event; {@code alliance.events.published
 * {topic,type}} counts acknowledged events; {@code alliance.outbox.backlog{collection}} is the number of pending
 * entries, counted on a schedule (so a scrape never queries MongoDB).
 */
public class OutboxRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    static final String CONTENT_TYPE = "application/cloudevents+json; charset=UTF-8";

    private final ReactiveMongoTemplate mongo;
    private final EventCodec codec;
    private final RecordSender kafka;
    private final OutboxProperties properties;
    private final List<String> collections;
    private final AtomicLong published = new AtomicLong();
    private final MeterRegistry registry;
    private final MessageTracing tracing;
    private final Map<String, AtomicLong> backlogs = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, Counter> publishedCounters = new java.util.concurrent.ConcurrentHashMap<>();
    private Lane[] lanes;
    private final Worker sweeper = new Worker("outbox-sweep");
    private volatile boolean running;

    public OutboxRelay(ReactiveMongoTemplate mongo, EventCodec codec, RecordSender kafka,
                       OutboxProperties properties, List<OutboxCollection> collections) {
        this(mongo, codec, kafka, properties, collections, new SimpleMeterRegistry(), MessageTracing.none());
    }

    public OutboxRelay(ReactiveMongoTemplate mongo, EventCodec codec, RecordSender kafka,
                       OutboxProperties properties, List<OutboxCollection> collections, MeterRegistry registry,
                       MessageTracing tracing) {
        this.mongo = mongo;
        this.codec = codec;
        this.kafka = kafka;
        this.properties = properties;
        this.collections = collections.stream().map(OutboxCollection::name).distinct().toList();
        this.registry = registry;
        this.tracing = tracing;
        for (String collection : this.collections) {
            AtomicLong pending = new AtomicLong();
            backlogs.put(collection, pending);
            // NaN (unknown) when the last count failed, rather than an old figure that looks current
            Gauge.builder("alliance.outbox.backlog", pending, p -> p.get() < 0 ? Double.NaN : p.get())
                    .description("Events waiting in the outbox of a collection (counted on a schedule; NaN when the "
                            + "last count failed)")
                    .baseUnit("events")
                    .tag("collection", collection)
                    .register(registry);
        }
    }

    /** The update that appends these events to a document's outbox; combine it with the change they record. */
    public Bson append(List<? extends CloudEvent<?>> events) {
        return Updates.pushEach(OutboxEntry.FIELD, events.stream().map(this::entry).toList());
    }

    /**
     * One outbox entry for a document written whole (an insert), carrying the current trace context like
     * {@link #append} does.
     */
    public Document entry(CloudEvent<?> event) {
        return OutboxEntry.of(event, codec, tracing.currentTraceparent()).toDocument();
    }

    /** Relay the pending entries of this document soon. Never blocks; safe to call from any thread. */
    public void kick(String collection, Object documentId) {
        if (!running) {
            return; // the sweep will find it after a restart
        }
        DocRef ref = new DocRef(collection, documentId);
        lanes[Math.floorMod(ref.hashCode(), lanes.length)].submit(ref);
    }

    /** Events acknowledged by the broker since start. */
    public long publishedCount() {
        return published.get();
    }

    /** Pending entries in all outbox collections (for metrics and tests). */
    public long backlog() {
        long total = 0;
        for (String collection : collections) {
            total += backlog(collection);
        }
        return total;
    }

    private long backlog(String collection) {
        // outbox.at exists: MongoDB serves it from the sparse outbox_pending_at index (only documents with pending
        // entries are in it), where "outbox.0 exists" read every document of the collection at each measurement
        Long pending = Flux.from(collectionOf(collection)
                        .find(Filters.exists(OutboxEntry.FIELD + ".at"))
                        .projection(Projections.include(OutboxEntry.FIELD)))
                .map(d -> (long) d.getList(OutboxEntry.FIELD, Document.class, List.of()).size())
                .reduce(0L, Long::sum)
                .block(properties.sendTimeout());
        return pending == null ? 0 : pending;
    }

    /** Refreshes the backlog gauges (on the sweep thread, every {@code backlog-interval}). */
    void measureBacklog() {
        for (String collection : collections) {
            try {
                backlogs.get(collection).set(backlog(collection));
            } catch (RuntimeException e) {
                backlogs.get(collection).set(-1);
                log.debug("Outbox backlog of {} not measured: {}", collection, e.toString());
            }
        }
    }

    @Override
    public synchronized void start() {
        ensureSweepIndexes();
        lanes = new Lane[properties.lanes()];
        for (int i = 0; i < lanes.length; i++) {
            lanes[i] = new Lane(i);
        }
        // both are queries no index may serve (on a store that keeps none, they read the whole collection): paced, so
        // that they never take more than scan-share of the time, however large the collection grows
        sweeper.start()
                .paced(properties.sweepInterval(), properties.sweepInterval(), properties.scanShare(), this::sweep)
                .paced(Duration.ZERO, properties.backlogInterval(), properties.scanShare(), this::measureBacklog);
        running = true;
    }

    /**
     * The sweep looks for documents with entries older than the sweep age, every {@code sweep-interval}: without an
     * index on {@code outbox.at} that is a scan of the whole collection each time. Sparse, so documents whose outbox
     * is empty (nearly all of them) are not in it. A failure only costs the scans, never the relay.
     */
    private void ensureSweepIndexes() {
        for (String collection : collections) {
            try {
                Mono.from(collectionOf(collection).createIndex(Indexes.ascending(OutboxEntry.FIELD + ".at"),
                        new IndexOptions().sparse(true).name("outbox_pending_at"))).block(properties.sendTimeout());
            } catch (RuntimeException e) {
                log.warn("Index on {}.{}.at not created (the sweep scans the collection): {}", collection,
                        OutboxEntry.FIELD, e.toString());
            }
        }
    }

    @Override
    public synchronized void stop() {
        running = false;
        sweeper.stop();
        if (lanes != null) {
            Worker.stopAll(java.util.Arrays.stream(lanes).map(lane -> lane.worker).toList(), Duration.ofSeconds(5));
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        // start after the Mongo client and Kafka producer exist, stop before them
        return Integer.MAX_VALUE - 1000;
    }

    /** Finds documents whose entries have waited longer than the sweep age and hands them to their lanes. */
    void sweep() {
        Date before = new Date(System.currentTimeMillis() - properties.sweepAge().toMillis());
        for (String collection : collections) {
            try {
                List<Document> stale = Flux.from(collectionOf(collection)
                                .find(Filters.lt(OutboxEntry.FIELD + ".at", before))
                                .projection(Projections.include("_id"))
                                .limit(10_000))
                        .collectList()
                        .block(properties.sendTimeout());
                if (stale != null && !stale.isEmpty()) {
                    log.info("Outbox sweep found {} document(s) with pending events in {}", stale.size(), collection);
                    stale.forEach(doc -> kick(collection, doc.get("_id")));
                }
            } catch (RuntimeException e) {
                log.warn("Outbox sweep of {} failed: {}", collection, e.getMessage());
            }
        }
    }

    private void relay(List<DocRef> batch) {
        Map<String, List<DocRef>> byCollection = new LinkedHashMap<>();
        batch.forEach(ref -> byCollection.computeIfAbsent(ref.collection(), c -> new ArrayList<>()).add(ref));
        byCollection.forEach(this::relayCollection);
    }

    private void relayCollection(String collection, List<DocRef> refs) {
        List<Object> ids = refs.stream().map(DocRef::id).toList();
        List<Document> documents = Flux.from(collectionOf(collection)
                        .find(Filters.in("_id", ids))
                        .projection(Projections.include(OutboxEntry.FIELD)))
                .collectList()
                .block(properties.sendTimeout());
        if (documents == null || documents.isEmpty()) {
            return;
        }
        Map<Object, List<Sent>> sentByDocument = new LinkedHashMap<>();
        for (Document document : documents) {
            List<Document> entries = document.getList(OutboxEntry.FIELD, Document.class, List.of());
            List<Sent> sent = new ArrayList<>(entries.size());
            for (Document raw : entries) {
                OutboxEntry entry = OutboxEntry.fromDocument(raw);
                String type = entry.type() != null ? entry.type()
                        : EventTypes.of(null, entry.payload().getBytes(StandardCharsets.UTF_8));
                ProducerRecord<String, byte[]> record = record(entry, type);
                sent.add(new Sent(entry.id(), entry.topic(), type, kafka.send(record, entry.traceparent())));
            }
            if (!sent.isEmpty()) {
                sentByDocument.put(document.get("_id"), sent);
            }
        }
        List<WriteModel<Document>> clears = new ArrayList<>();
        sentByDocument.forEach((id, sent) -> {
            List<String> acknowledged = acknowledgedPrefix(sent);
            sent.subList(0, acknowledged.size()).forEach(s -> publishedCounter(s.topic(), s.type()).increment());
            if (!acknowledged.isEmpty()) {
                clears.add(new UpdateOneModel<>(Filters.eq("_id", id),
                        Updates.pull(OutboxEntry.FIELD, Filters.in("id", acknowledged))));
                published.addAndGet(acknowledged.size());
            }
        });
        if (!clears.isEmpty()) {
            Flux.from(collectionOf(collection).bulkWrite(clears)).blockLast(properties.sendTimeout());
        }
    }

    private List<String> acknowledgedPrefix(List<Sent> sent) {
        List<String> acknowledged = new ArrayList<>(sent.size());
        for (Sent s : sent) {
            try {
                s.future().get(properties.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
                acknowledged.add(s.entryId());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (Exception e) {
                log.warn("Event {} not acknowledged by Kafka, left for the sweep: {}", s.entryId(), e.getMessage());
                break;
            }
        }
        return acknowledged;
    }

    private Counter publishedCounter(String topic, String type) {
        return publishedCounters.computeIfAbsent(topic + '|' + type, key -> Counter.builder("alliance.events.published")
                .description("Events published by the outbox relay and acknowledged by Kafka")
                .tags("topic", topic, "type", type)
                .register(registry));
    }

    private static ProducerRecord<String, byte[]> record(OutboxEntry entry, String type) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(entry.topic(), entry.key(),
                entry.payload().getBytes(StandardCharsets.UTF_8));
        record.headers().add(new RecordHeader("content-type", CONTENT_TYPE.getBytes(StandardCharsets.UTF_8)));
        record.headers().add(new RecordHeader("ce_id", entry.id().getBytes(StandardCharsets.UTF_8)));
        record.headers().add(new RecordHeader(EventTypes.HEADER, type.getBytes(StandardCharsets.UTF_8)));
        return record;
    }

    private com.mongodb.reactivestreams.client.MongoCollection<Document> collectionOf(String name) {
        return mongo.getMongoDatabase().map(db -> db.getCollection(name)).block();
    }

    private record DocRef(String collection, Object id) {
    }

    private record Sent(String entryId, String topic, String type,
                        CompletableFuture<RecordMetadata> future) {
    }

    /** One relay thread with its own queue of documents; a document queued twice is relayed once. */
    private final class Lane implements Runnable {
        private final Worker worker;
        private final LinkedHashSet<DocRef> pending = new LinkedHashSet<>();
        private boolean scheduled;

        Lane(int index) {
            this.worker = new Worker("outbox-lane-" + index).start();
        }

        void submit(DocRef ref) {
            synchronized (this) {
                pending.add(ref);
                if (scheduled) {
                    return;
                }
                scheduled = true;
            }
            if (!worker.execute(this)) {
                synchronized (this) {
                    scheduled = false; // stopping: the sweep of the next start relays it
                }
            }
        }

        @Override
        public void run() {
            while (true) {
                List<DocRef> batch = new ArrayList<>();
                synchronized (this) {
                    var it = pending.iterator();
                    while (it.hasNext() && batch.size() < properties.batchSize()) {
                        batch.add(it.next());
                        it.remove();
                    }
                    if (batch.isEmpty()) {
                        scheduled = false;
                        return;
                    }
                }
                try {
                    relay(batch);
                } catch (RuntimeException e) {
                    log.warn("Outbox relay of {} document(s) failed, left for the sweep: {}", batch.size(), e.getMessage());
                }
            }
        }
    }
}
