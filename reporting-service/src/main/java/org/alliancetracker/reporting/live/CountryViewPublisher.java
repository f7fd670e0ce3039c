package org.alliancetracker.reporting.live;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.alliancetracker.events.CloudEvent;
import org.alliancetracker.events.Country;
import org.alliancetracker.events.EventCodec;
import org.alliancetracker.events.Topics;
import org.alliancetracker.events.view.CountryViewChanged;
import org.alliancetracker.reporting.ReportingProperties;
import org.alliancetracker.reporting.country.CountryView;
import org.alliancetracker.reporting.country.CountryViews;
import org.alliancetracker.reporting.projection.CountryViewListener;
import org.alliancetracker.reporting.projection.StoredCountryView;
import org.alliancetracker.reporting.projection.Generations;
import org.alliancetracker.reporting.projection.Views;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.alliancetracker.reporting.projection.ViewStore;
import org.alliancetracker.platform.messaging.RecordSender;
import org.alliancetracker.platform.worker.Worker;
import org.springframework.stereotype.Component;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import com.mongodb.client.result.UpdateResult;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Publishes every changed country view to the compacted topic {@code alliance.country-views}, at least once and in
 * order per country, from any number of instances.
 *
 * <p>No dual write: the change of a view and the note that it must be published are one single-document update
 * ({@code dirty: true} and a {@code version} increment, see {@code StoredCountryView.MARK_CHANGED}). Publishing is then:
 * <ol>
 * <li>take the country's publish lease (a conditional update: only one instance publishes a country at a time, so
 *     an older view can never overtake a newer one on the topic);</li>
 * <li>assemble the view exactly as {@code GET /api/v1/countries/{iso2}} does and send it (idempotent producer,
 *     acks=all, key = ISO code), waiting for the acknowledgement;</li>
 * <li>clear {@code dirty} only if {@code version} is still the one read before assembling; if the view changed
 *     meanwhile, publish again.</li>
 * </ol>
 * A crash between a change and its publish leaves the view dirty (and its lease expiring): the periodic sweep of
 * this or any other instance publishes it. A crash after the send but before the clear publishes the same view
 * twice, which a compacted "latest view" topic absorbs. A publish is never lost, only delayed by at most the sweep
 * interval plus the lease.
 *
 * <p>Tracing: the trace of the event that last changed a country (its consumer span) is written on the view document
 * with the change itself ({@code publishTrace}), so whichever instance publishes the view continues it: the producer
 * span of the view's record, whose {@code traceparent} header carries it on to every instance's live stream
 * ({@link CountryViewFeed}).
 */
@Component
public class CountryViewPublisher implements CountryViewListener, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(CountryViewPublisher.class);
    private static final String SOURCE = "/reporting-service";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final ViewStore store;
    private final Generations generations;
    private final CountryViews views;
    private final RecordSender producer;
    private final EventCodec codec;
    private final JsonMapper apiJson;
    private final JsonMapper contractJson = EventCodec.contractMapper();
    private final ReportingProperties.ViewPublishing settings;
    private final String instance = UUID.randomUUID().toString();
    private final AtomicLong published = new AtomicLong();
    private final Set<String> pending = new LinkedHashSet<>();
    private final Worker lane = new Worker("country-view-publisher");
    private final Worker sweeper = new Worker("country-view-sweep");
    private boolean scheduled;
    private volatile boolean running;

    public CountryViewPublisher(ViewStore store, Generations generations, CountryViews views,
                                RecordSender producer, EventCodec codec, JsonMapper apiJson,
                                ReportingProperties properties) {
        this.store = store;
        this.generations = generations;
        this.views = views;
        this.producer = producer;
        this.codec = codec;
        this.apiJson = apiJson;
        this.settings = properties.views();
    }

    /** Queues the countries for publishing; a country queued twice before its turn is published once. */
    @Override
    public void countryViewsChanged(Set<String> countries) {
        synchronized (pending) {
            pending.addAll(countries);
            if (scheduled || !running) {
                return; // the lane will see them, or the sweep after a start
            }
            scheduled = true;
        }
        if (!lane.execute(this::drain)) {
            synchronized (pending) {
                scheduled = false; // stopping: the views stay dirty and the sweep of the next start publishes them
            }
        }
    }

    /** Views acknowledged by the broker since start. */
    public long publishedCount() {
        return published.get();
    }

    private void drain() {
        while (true) {
            String country;
            synchronized (pending) {
                var it = pending.iterator();
                if (!it.hasNext() || !running) {
                    scheduled = false;
                    return;
                }
                country = it.next();
                it.remove();
            }
            try {
                publish(country);
            } catch (RuntimeException e) {
                log.warn("Country view {} not published, left for the sweep: {}", country, e.toString());
                releaseLease(country);
            }
        }
    }

    /** Publishes the country's view while it is dirty and this instance holds (or can take) its lease. */
    void publish(String country) {
        Document lease = takeLease(country);
        while (lease != null) {
            long version = lease.get("version") instanceof Number n ? n.longValue() : 0L;
            CountryView view = views.current(Country.valueOf(country)).block(TIMEOUT);
            String trace = lease.getString(StoredCountryView.PUBLISH_TRACE);
            send(country, view, trace);
            UpdateResult cleared = collection().flatMap(c -> Mono.from(c.updateOne(
                            Filters.and(Filters.eq("_id", country), Filters.eq("version", version)),
                            Updates.combine(Updates.set("dirty", false), Updates.unset("leaseUntil"),
                                    Updates.unset("leaseOwner"), Updates.unset(StoredCountryView.PUBLISH_TRACE)))))
                    .block(TIMEOUT);
            if (cleared != null && cleared.getMatchedCount() == 1) {
                return;
            }
            lease = extendLease(country); // changed while being published: publish the newer view too
        }
    }

    private void send(String country, CountryView view, String parentTrace) {
        @SuppressWarnings("unchecked")
        Map<String, Object> json = contractJson.readValue(apiJson.writeValueAsBytes(view), Map.class);
        CloudEvent<CountryViewChanged> event = codec.envelope(new CountryViewChanged(Country.valueOf(country), json),
                SOURCE);
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.COUNTRY_VIEWS, event.key(),
                codec.encode(event));
        record.headers().add(new RecordHeader("content-type",
                "application/cloudevents+json; charset=UTF-8".getBytes(StandardCharsets.UTF_8)));
        record.headers().add(new RecordHeader("ce_id", event.id().getBytes(StandardCharsets.UTF_8)));
        record.headers().add(new RecordHeader("ce_type", event.type().getBytes(StandardCharsets.UTF_8)));
        try {
            producer.send(record, parentTrace).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            published.incrementAndGet();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while publishing " + country, e);
        } catch (Exception e) {
            throw new IllegalStateException("Kafka did not acknowledge the view of " + country, e);
        }
    }

    private Document takeLease(String country) {
        Date now = new Date();
        return collection().flatMap(c -> Mono.from(c.findOneAndUpdate(
                        Filters.and(Filters.eq("_id", country), Filters.eq("dirty", true),
                                Filters.not(Filters.gt("leaseUntil", now))),
                        Updates.combine(Updates.set("leaseUntil", leaseEnd(now)), Updates.set("leaseOwner", instance)),
                        new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER)
                                .projection(Projections.include("version", StoredCountryView.PUBLISH_TRACE)))))
                .block(TIMEOUT);
    }

    private Document extendLease(String country) {
        Date now = new Date();
        return collection().flatMap(c -> Mono.from(c.findOneAndUpdate(
                        Filters.and(Filters.eq("_id", country), Filters.eq("dirty", true),
                                Filters.eq("leaseOwner", instance)),
                        Updates.set("leaseUntil", leaseEnd(now)),
                        new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER)
                                .projection(Projections.include("version", StoredCountryView.PUBLISH_TRACE)))))
                .block(TIMEOUT);
    }

    private void releaseLease(String country) {
        try {
            collection().flatMap(c -> Mono.from(c.updateOne(
                            Filters.and(Filters.eq("_id", country), Filters.eq("leaseOwner", instance)),
                            Updates.combine(Updates.unset("leaseUntil"), Updates.unset("leaseOwner")))))
                    .block(TIMEOUT);
        } catch (RuntimeException e) {
            // the lease expires by itself
        }
    }

    private Date leaseEnd(Date now) {
        return new Date(now.getTime() + settings.publishLease().toMillis());
    }

    /** Finds dirty views nobody is publishing (after a crash, a broker outage, a missed kick) and queues them. */
    void sweep() {
        try {
            Date now = new Date();
            List<String> dirty = collection()
                    .flatMapMany(c -> Flux.from(c.distinct("_id", Filters.and(Filters.eq("dirty", true),
                                    Filters.not(Filters.gt("leaseUntil", now))), String.class)))
                    .collectList()
                    .block(TIMEOUT);
            if (dirty != null && !dirty.isEmpty()) {
                countryViewsChanged(new LinkedHashSet<>(dirty));
            }
        } catch (RuntimeException e) {
            log.warn("Sweep for unpublished country views failed: {}", e.toString());
        }
    }

    private Mono<com.mongodb.reactivestreams.client.MongoCollection<Document>> collection() {
        return Mono.just(store.collection(generations.current().name(Views.COUNTRIES)));
    }

    @Override
    public synchronized void start() {
        lane.start();
        running = true;
        sweeper.start().every(Duration.ZERO, settings.publishSweepInterval(), this::sweep);
    }

    @Override
    public synchronized void stop() {
        running = false;
        sweeper.stop();
        lane.stop(Duration.ofSeconds(10));
        synchronized (pending) {
            pending.clear();
            scheduled = false;
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Starts after the Mongo client and the producer exist; stops after the bindings (which call it) stopped. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 2000;
    }
}
