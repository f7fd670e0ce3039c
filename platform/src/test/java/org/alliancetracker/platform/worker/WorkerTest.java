package org.alliancetracker.platform.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class WorkerTest {

    @Test
    void aPeriodicTaskThatThrowsRunsAgain() {
        Worker worker = new Worker("test-every").start();
        AtomicInteger runs = new AtomicInteger();
        try {
            worker.every(Duration.ZERO, Duration.ofMillis(10), () -> {
                runs.incrementAndGet();
                throw new IllegalStateException("failing on purpose");
            });
            await().atMost(Duration.ofSeconds(10)).until(() -> runs.get() >= 3);
        } finally {
            worker.stop();
        }
    }

    @Test
    void aPacedTaskThatThrowsRunsAgainOnTheWorkersThread() {
        Worker worker = new Worker("test-paced").start();
        List<String> threads = new CopyOnWriteArrayList<>();
        try {
            worker.paced(Duration.ZERO, Duration.ofMillis(10), 0.5, () -> {
                threads.add(Thread.currentThread().getName());
                throw new IllegalStateException("failing on purpose");
            });
            await().atMost(Duration.ofSeconds(10)).until(() -> threads.size() >= 3);
            assertThat(threads).containsOnly("test-paced");
        } finally {
            worker.stop();
        }
    }

    @Test
    void aSlowRunWaitsSoLongThatTheTaskTakesAtMostItsShare() {
        Duration interval = Duration.ofSeconds(1);
        // fast (an index serves the query): the interval
        assertThat(Worker.pause(interval, 0.05, Duration.ofMillis(2))).isEqualTo(interval);
        // a 1 s scan at 5 %: 19 s of waiting, so 1 s in every 20
        assertThat(Worker.pause(interval, 0.05, Duration.ofSeconds(1))).isEqualTo(Duration.ofSeconds(19));
        assertThat(Worker.pause(interval, 0.5, Duration.ofSeconds(3))).isEqualTo(Duration.ofSeconds(3));
        // share 1: never longer than the run itself
        assertThat(Worker.pause(interval, 1, Duration.ofSeconds(5))).isEqualTo(interval);
        Worker worker = new Worker("test-share").start();
        try {
            assertThatThrownBy(() -> worker.paced(Duration.ZERO, interval, 0, () -> { }))
                    .isInstanceOf(IllegalArgumentException.class);
        } finally {
            worker.stop();
        }
    }

    @Test
    void stopWithGraceLetsQueuedWorkFinishThenRefusesMore() throws InterruptedException {
        Worker worker = new Worker("test-stop").start();
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger done = new AtomicInteger();
        assertThat(worker.execute(() -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            done.incrementAndGet();
        })).isTrue();
        assertThat(worker.execute(done::incrementAndGet)).isTrue();
        Thread stopper = Thread.ofPlatform().start(() -> worker.stop(Duration.ofSeconds(10)));
        release.countDown();
        stopper.join(Duration.ofSeconds(15));
        assertThat(done).hasValue(2);
        assertThat(worker.execute(done::incrementAndGet)).isFalse();
        assertThat(worker.schedule(Duration.ZERO, done::incrementAndGet)).isFalse();
        assertThat(done).hasValue(2);
    }

    @Test
    void aPacedTaskEndsWithTheWorkerAndARestartDoesNotRevive() {
        Worker worker = new Worker("test-restart").start();
        AtomicInteger runs = new AtomicInteger();
        worker.paced(Duration.ZERO, Duration.ofMillis(5), 1, runs::incrementAndGet);
        await().atMost(Duration.ofSeconds(10)).until(() -> runs.get() >= 2);
        worker.stop();
        worker.start();
        AtomicInteger afterRestart = new AtomicInteger();
        try {
            // only tasks scheduled after the restart run on the new thread: a marker task that runs after many
            // intervals shows the old paced task did not come back
            CountDownLatch marker = new CountDownLatch(1);
            int before = runs.get();
            worker.schedule(Duration.ofMillis(100), marker::countDown);
            worker.execute(afterRestart::incrementAndGet);
            await().atMost(Duration.ofSeconds(10)).until(() -> marker.getCount() == 0);
            assertThat(runs.get()).isLessThanOrEqualTo(before + 1); // at most the run interrupted by the stop
            assertThat(afterRestart).hasValue(1);
        } finally {
            worker.stop();
        }
    }
}
