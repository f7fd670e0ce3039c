package org.alliancetracker.localstack.chaos;

import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the simulated agencies were told, kept the way an agency's own books would keep it: per request (its
 * idempotency key) the last definite answer, per reversal whether it took effect. The test compares the system
 * against these books. Anything an agency was told that no correct system could have said (an accepted request later
 * answered differently, a first reversal refused as already done) is an anomaly and fails the test.
 */
final class Books {

    /** The last definite answer to one disbursement request. */
    record Answer(String key, String agency, String grantId, long cents, boolean batch, int status, String problem,
                  String disbursementId) {
        boolean accepted() {
            return status == 201;
        }
    }

    /** A reversal the agency asked for: {@code effective} when the system said it is (now) reversed. */
    record Reversal(String disbursementId, String agency, String grantId, long cents, int status, String problem,
                    boolean effective) {
    }

    private final long target;
    private final AtomicLong issued = new AtomicLong();
    final Map<String, Answer> answers = new ConcurrentHashMap<>();
    final Map<String, Reversal> reversals = new ConcurrentHashMap<>();
    final Queue<Reversal> refusedReversals = new ConcurrentLinkedQueue<>();
    final Queue<String> anomalies = new ConcurrentLinkedQueue<>();
    final AtomicLong retries = new AtomicLong();
    final AtomicLong batchesSent = new AtomicLong();
    final AtomicLong jobsSent = new AtomicLong(); // of batchesSent, those posted as batch jobs
    final AtomicLong batchResends = new AtomicLong();
    final AtomicLong postponedReversals = new AtomicLong(); // 409 recording-in-progress: tried again later
    final AtomicLong tokenRefreshes = new AtomicLong();

    Books(long target) {
        this.target = target;
    }

    private volatile boolean chaosOver;

    /**
     * Takes {@code n} requests; false once the target is reached and the chaos is over, so that every kill and
     * restart happens under load, however fast the load goes.
     */
    boolean claim(int n) {
        if (chaosOver) {
            return issued.getAndUpdate(v -> v >= target ? v : v + n) < target;
        }
        issued.addAndGet(n);
        return true;
    }

    void chaosOver() {
        chaosOver = true;
    }

    long answered() {
        return answers.size();
    }

    void record(Answer answer) {
        answers.put(answer.key(), answer);
    }

    void anomaly(String what) {
        anomalies.add(what);
        System.out.println("CHAOS ANOMALY " + what);
    }

    List<Answer> accepted() {
        return answers.values().stream().filter(Answer::accepted).toList();
    }
}
