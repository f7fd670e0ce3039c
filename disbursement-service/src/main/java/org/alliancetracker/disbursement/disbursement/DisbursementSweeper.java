package org.alliancetracker.disbursement.disbursement;

import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.alliancetracker.disbursement.disbursement.Disbursements.Settled;
import org.alliancetracker.disbursement.disbursement.StoredDisbursement.StoredReversal;
import org.alliancetracker.disbursement.ledger.GrantLedger;
import org.alliancetracker.platform.worker.Worker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import com.mongodb.client.model.Filters;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Finishes work that a crash (or a lost connection) interrupted, every {@code sweepInterval} (longer after a slow
 * sweep: its queries take at most {@code sweepShare} of the time), taking only what is
 * older than {@code sweepAge} (so it does not compete with requests still running — though it would be safe if it
 * did, see {@link Disbursements}):
 * <ol>
 *   <li>each old reservation in a ledger's {@code pending} list is settled: rolled forward, released or rolled back,
 *       as the disbursement document's incarnation decides;</li>
 *   <li>each old {@code PENDING} document whose incarnation holds no reservation is deleted (an attempt that stopped
 *       before reserving; it changed nothing, and a retry with the key starts afresh);</li>
 *   <li>each old {@code REVERSING} document is completed ({@link Reversals#complete}).</li>
 * </ol>
 */
@Component
public class DisbursementSweeper implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DisbursementSweeper.class);
    private static final int LIMIT = 1000;

    private final GrantLedger ledger;
    private final Disbursements disbursements;
    private final Reversals reversals;
    private final DisbursementProperties properties;
    private final Worker worker = new Worker("disbursement-sweeper");
    private volatile boolean running;

    public DisbursementSweeper(GrantLedger ledger, Disbursements disbursements, Reversals reversals,
                               DisbursementProperties properties) {
        this.ledger = ledger;
        this.disbursements = disbursements;
        this.reversals = reversals;
        this.properties = properties;
    }

    /** What one sweep did, by kind (for logs and tests). */
    public record Sweep(Map<Settled, Long> reservations, long orphansDeleted, long reversalsCompleted) {

        boolean didSomething() {
            return reservations.entrySet().stream().anyMatch(e -> e.getKey() != Settled.NOTHING && e.getValue() > 0)
                    || orphansDeleted > 0 || reversalsCompleted > 0;
        }
    }

    /** One sweep over everything older than {@code sweepAge}. */
    public Mono<Sweep> sweep() {
        Date before = new Date(System.currentTimeMillis() - properties.sweepAge().toMillis());
        return settleReservations(before).flatMap(settled -> deleteOrphans(before)
                .flatMap(orphans -> completeReversals(before)
                        .map(completed -> new Sweep(settled, orphans, completed))));
    }

    private Mono<Map<Settled, Long>> settleReservations(Date before) {
        return ledger.withReservationsBefore(before, LIMIT)
                .concatMap(grant -> Flux.fromIterable(grant.pending())
                        .filter(reservation -> reservation.at().before(before))
                        .concatMap(reservation -> disbursements.settle(grant, reservation)))
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }

    private Mono<Long> deleteOrphans(Date before) {
        return disbursements.stored()
                .flatMapMany(c -> c.find(Filters.and(Filters.eq(StoredDisbursement.STATE, DisbursementState.PENDING.name()),
                        Filters.lt(StoredDisbursement.CREATED_AT, before))).limit(LIMIT))
                .concatMap(disbursements::deleteIfOrphan)
                .filter(Boolean::booleanValue)
                .count();
    }

    private Mono<Long> completeReversals(Date before) {
        return disbursements.stored()
                .flatMapMany(c -> c.find(Filters.and(Filters.eq(StoredDisbursement.STATE, DisbursementState.REVERSING.name()),
                        Filters.lt(StoredReversal.REQUESTED_AT, before))).limit(LIMIT))
                .concatMap(reversals::complete)
                .count();
    }

    private void runOnce() {
        try {
            Sweep sweep = sweep().block(Duration.ofMinutes(2));
            if (sweep != null && sweep.didSomething()) {
                log.info("Disbursement sweep: reservations {}, orphan documents deleted {}, reversals completed {}",
                        sweep.reservations(), sweep.orphansDeleted(), sweep.reversalsCompleted());
            }
        } catch (RuntimeException e) {
            log.warn("Disbursement sweep failed, retried at the next interval: {}", e.getMessage());
        }
    }

    @Override
    public synchronized void start() {
        worker.start().paced(properties.sweepInterval(), properties.sweepInterval(), properties.sweepShare(),
                this::runOnce);
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

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 900; // after the outbox relay it kicks, stopped before it
    }
}
