package org.alliancetracker.platform.deadletter;

import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

/** What the dead-letter endpoints answer. */
public final class DeadLetterViews {

    private DeadLetterViews() {
    }

    /** Counts for one consumed topic, from offsets alone. */
    @Schema(description = "Dead letters of one consumed topic")
    public record TopicSummary(String topic, String deadLetterTopic, List<String> consumerGroups, long total,
                               long redriven, long pending) {
    }

    /** The dead letters of one topic, oldest first. */
    public record Page(String topic, String deadLetterTopic, long total, long pending, List<DeadLetter> records) {
    }

    /** What to re-drive: every pending dead letter of the topic, or the one at {@code partition}/{@code offset}. */
    @Schema(description = "Re-drive every pending dead letter of a topic, or exactly one (partition and offset)")
    public record RedriveRequest(
            @Schema(example = "alliance.grants", description = "the consumed topic (not its .dlq)") String topic,
            @Schema(example = "3", description = "partition of the dead letter to re-drive alone") Integer partition,
            @Schema(example = "17", description = "offset of the dead letter to re-drive alone") Long offset) {
    }

    /** One republished record. */
    public record Redriven(int deadLetterPartition, long deadLetterOffset, String eventId, String topic,
                           int partition, long offset) {
    }

    public record RedriveResult(String topic, String deadLetterTopic, int redriven, List<Redriven> records) {
    }
}
