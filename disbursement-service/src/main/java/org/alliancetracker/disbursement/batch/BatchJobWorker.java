package org.alliancetracker.disbursement.batch;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import org.alliancetracker.disbursement.batch.BatchChunk.LineResult;
import org.alliancetracker.platform.worker.Worker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Processes stored batch jobs to their end, on one background thread per instance (a platform {@link Worker}, like
 * the {@code DisbursementSweeper}): every {@code pollInterval}, and at once when an upload was accepted,
 * it claims a batch whose lease is free or expired ({@link BatchJobs#claim}) and applies its chunks in order, from
 * the first one not yet counted.
 *
 * <p>Per chunk: if the chunk already has results (an earlier run stored them and then stopped), they are taken as
 * they are; otherwise {@link ChunkProcessor} applies it and its results are stored with it. Then they are counted on
 * the batch by one update conditional on the chunk being the batch's next and on this instance holding the lease,
 * which extends the lease. A crash anywhere in between leaves the chunk to be run again by whoever takes the batch
 * next, which is harmless (see {@link ChunkProcessor}): no line is applied twice, none is skipped. An instance that
 * lost its lease (it was too slow) stops at its next count.
 *
 * <p>Metrics: {@code alliance.disbursement.batch.lines{outcome=accepted|refused}} counts processed lines;
 * {@code alliance.disbursement.batch.backlog} is the number of lines of open batches not yet processed and
 * {@code alliance.disbursement.batch.open} the number of open batches: measured when a batch is taken and every
 * {@code pollInterval}; in between, the backlog goes down by each chunk this instance processes.
 *
 * <p>Every {@code orphanSweepInterval} the same thread also deletes the chunks of uploads that stopped before they
 * became a batch ({@link OrphanChunks}; {@code alliance.disbursement.batch.orphan-chunks} counts them).
 */
@Component
class BatchJobWorker implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(BatchJobWorker.class);
    private static final Duration STEP_TIMEOUT = Duration.ofMinutes(2);

    private final BatchJobs jobs;
    private final ChunkProcessor processor;
    private final OrphanChunks orphans;
    private final BatchJobProperties properties;
    private final String owner = UUID.randomUUID().toString();
    private final Counter acceptedLines;
    private final Counter refusedLines;
    private final AtomicLong backlog = new AtomicLong();
    private final AtomicLong open = new AtomicLong();
    private final Counter orphanChunksDeleted;
    private final Worker worker = new Worker("batch-job-worker");
    private volatile boolean running;
    private Instant nextOrphanSweep = Instant.MIN; // only the worker's thread uses these two
    private Instant nextMeasure = Instant.MIN;

    BatchJobWorker(BatchJobs jobs, ChunkProcessor processor, OrphanChunks orphans, BatchJobProperties properties,
                   MeterRegistry registry) {
        this.jobs = jobs;
        this.processor = processor;
        this.orphans = orphans;
        this.properties = properties;
        this.acceptedLines = Counter.builder("alliance.disbursement.batch.lines").tag("outcome", "accepted")
                .description("Lines of batch jobs processed by this instance").register(registry);
        this.refusedLines = Counter.builder("alliance.disbursement.batch.lines").tag("outcome", "refused")
                .description("Lines of batch jobs processed by this instance").register(registry);
        this.orphanChunksDeleted = Counter.builder("alliance.disbursement.batch.orphan-chunks")
                .description("Chunks of uploads that never became a batch, deleted by this instance").register(registry);
        Gauge.builder("alliance.disbursement.batch.backlog", backlog, AtomicLong::get).baseUnit("lines")
                .description("Lines of open batch jobs not yet processed (all instances)").register(registry);
        Gauge.builder("alliance.disbursement.batch.open", open, AtomicLong::get).baseUnit("batches")
                .description("Batch jobs received or processing (all instances)").register(registry);
    }

    /** Look for work now (an upload was accepted). Never blocks. */
    void wake() {
        if (running) {
            worker.execute(this::runOnce); // refused while stopping: the next start finds the batch
        }
    }

    private void runOnce() {
        try {
            BatchJob job;
            while (running && (job = jobs.claim(owner, properties.lease()).block(STEP_TIMEOUT)) != null) {
                process(job);
            }
        } catch (RuntimeException e) {
            log.warn("Batch job processing stopped, resumed at the next interval: {}", e.toString());
        }
        measure();
        sweepOrphans();
    }

    private void sweepOrphans() {
        Instant now = Instant.now();
        if (!running || now.isBefore(nextOrphanSweep)) {
            return;
        }
        nextOrphanSweep = now.plus(properties.orphanSweepInterval());
        try {
            Long deleted = orphans.sweep(now.minus(properties.orphanAge())).block(STEP_TIMEOUT);
            if (deleted != null && deleted > 0) {
                orphanChunksDeleted.increment(deleted);
                log.info("Deleted {} chunk(s) of uploads that stopped before they became a batch", deleted);
            }
        } catch (RuntimeException e) {
            log.warn("Chunks of unfinished uploads not swept, tried again in {}: {}",
                    properties.orphanSweepInterval(), e.toString());
        }
    }

    private void process(BatchJob job) {
        measure(); // the backlog with this batch in it (one read of the open batches)
        for (int seq = job.nextChunk(); seq < job.chunks() && running; seq++) {
            BatchChunk chunk = jobs.chunk(job, seq).block(STEP_TIMEOUT);
            if (chunk == null) {
                throw new IllegalStateException("Chunk " + seq + " of batch " + job.id() + " is missing");
            }
            List<LineResult> results = chunk.results();
            if (results == null) {
                results = processor.process(job, chunk).block(STEP_TIMEOUT);
                jobs.saveResults(chunk.id(), results).block(STEP_TIMEOUT);
            }
            Boolean counted = jobs.progress(job, seq, results, owner, properties.lease()).block(STEP_TIMEOUT);
            if (!Boolean.TRUE.equals(counted)) {
                log.info("Batch {} was taken over by another instance at chunk {}", job.id(), seq);
                return;
            }
            long accepted = results.stream().filter(LineResult::accepted).count();
            acceptedLines.increment(accepted);
            refusedLines.increment(results.size() - accepted);
            int done = results.size();
            backlog.updateAndGet(lines -> Math.max(0, lines - done)); // at once, by what this instance did
            if (!Instant.now().isBefore(nextMeasure)) {
                measure(); // and what all instances did, at most once an interval
            }
        }
    }

    private void measure() {
        nextMeasure = Instant.now().plus(properties.pollInterval());
        try {
            long lines = 0;
            long count = 0;
            for (BatchJob job : jobs.open().collectList().block(STEP_TIMEOUT)) {
                lines += job.lines() - job.processed();
                count++;
            }
            backlog.set(lines);
            open.set(count);
        } catch (RuntimeException e) {
            log.debug("Batch backlog not measured: {}", e.toString());
        }
    }

    @Override
    public synchronized void start() {
        running = true;
        worker.start().every(properties.pollInterval(), properties.pollInterval(), this::runOnce);
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

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 900; // after the outbox relay it kicks, stopped before it
    }
}
