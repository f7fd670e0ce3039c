package org.alliancetracker.platform.outbox;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.alliancetracker.events.CloudEvent;
import org.alliancetracker.events.EventCodec;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;

import reactor.core.publisher.Flux;

/**
 * Publishes the events stored in {@code outbox} arrays to Kafka, then removes them: the second half of the outbox
 * pattern (no dual write). A service that has just written a document calls {@link #kick} and the event is on its way
 * within milliseconds; a periodic sweep picks up whatever a crash or a broker outage left behind.
 *
 * <p>Delivery is at-least-once: an entry is removed only after the broker acknowledged it (acks=all, idempotent
 * producer), so a crash in between publishes it again with the same CloudEvent id, which consumers recognise.
 * A document is always relayed by one lane, entries in array order, and only the acknowledged prefix is removed, so
 * the events of one aggregate keep their order on the topic.
 */
public class OutboxRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    static final String CONTENT_TYPE = "application/cloudevents+json; charset=UTF-8";

    private final ReactiveMongoTemplate mongo;
    private final EventCodec codec;
    private final KafkaTemplate<String, byte[]> kafka;
    private final OutboxProperties properties;
    private final List<String> collections;
    private final AtomicLong published = new AtomicLong();
    private Lane[] lanes;
    private ScheduledExecutorService sweeper;
    private volatile boolean running;

    public OutboxRelay(ReactiveMongoTemplate mongo, EventCodec codec, KafkaTemplate<String, byte[]> kafka,
                       OutboxProperties properties, List<OutboxCollection> collections) {
        this.mongo = mongo;
        this.codec = codec;
        this.kafka = kafka;
        this.properties = properties;
        this.collections = collections.stream().map(OutboxCollection::name).distinct().toList();
    }

    /** The update that appends these events to a document's outbox; combine it with the change they record. */
    public Bson append(List<? extends CloudEvent<?>> events) {
        return Updates.pushEach(OutboxEntry.FIELD, events.stream().map(e -> OutboxEntry.of(e, codec).toDocument()).toList());
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
            Long pending = Flux.from(collectionOf(collection)
                            .find(Filters.exists(OutboxEntry.FIELD + ".0"))
                            .projection(Projections.include(OutboxEntry.FIELD)))
                    .map(d -> (long) d.getList(OutboxEntry.FIELD, Document.class, List.of()).size())
                    .reduce(0L, Long::sum)
                    .block(properties.sendTimeout());
            total += pending == null ? 0 : pending;
        }
        return total;
    }

    @Override
    public synchronized void start() {
        lanes = new Lane[properties.lanes()];
        for (int i = 0; i < lanes.length; i++) {
            lanes[i] = new Lane(i);
        }
        sweeper = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "outbox-sweep"));
        long interval = properties.sweepInterval().toMillis();
        sweeper.scheduleWithFixedDelay(this::sweep, interval, interval, TimeUnit.MILLISECONDS);
        running = true;
    }

    @Override
    public synchronized void stop() {
        running = false;
        if (sweeper != null) {
            sweeper.shutdownNow();
        }
        if (lanes != null) {
            for (Lane lane : lanes) {
                lane.executor.shutdown();
            }
            for (Lane lane : lanes) {
                try {
                    lane.executor.awaitTermination(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
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
                sent.add(new Sent(entry.id(), kafka.send(record(entry))));
            }
            if (!sent.isEmpty()) {
                sentByDocument.put(document.get("_id"), sent);
            }
        }
        List<WriteModel<Document>> clears = new ArrayList<>();
        sentByDocument.forEach((id, sent) -> {
            List<String> acknowledged = acknowledgedPrefix(sent);
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

    private static ProducerRecord<String, byte[]> record(OutboxEntry entry) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(entry.topic(), entry.key(),
                entry.payload().getBytes(StandardCharsets.UTF_8));
        record.headers().add(new RecordHeader("content-type", CONTENT_TYPE.getBytes(StandardCharsets.UTF_8)));
        record.headers().add(new RecordHeader("ce_id", entry.id().getBytes(StandardCharsets.UTF_8)));
        return record;
    }

    private com.mongodb.reactivestreams.client.MongoCollection<Document> collectionOf(String name) {
        return mongo.getMongoDatabase().map(db -> db.getCollection(name)).block();
    }

    private static Thread daemon(Runnable runnable, String name) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }

    private record DocRef(String collection, Object id) {
    }

    private record Sent(String entryId, CompletableFuture<SendResult<String, byte[]>> future) {
    }

    /** One relay thread with its own queue of documents; a document queued twice is relayed once. */
    private final class Lane implements Runnable {
        private final ExecutorService executor;
        private final LinkedHashSet<DocRef> pending = new LinkedHashSet<>();
        private boolean scheduled;

        Lane(int index) {
            this.executor = Executors.newSingleThreadExecutor(r -> daemon(r, "outbox-lane-" + index));
        }

        void submit(DocRef ref) {
            synchronized (this) {
                pending.add(ref);
                if (scheduled) {
                    return;
                }
                scheduled = true;
            }
            try {
                executor.execute(this);
            } catch (java.util.concurrent.RejectedExecutionException stopped) {
                // shutting down: the sweep of the next start relays it
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
