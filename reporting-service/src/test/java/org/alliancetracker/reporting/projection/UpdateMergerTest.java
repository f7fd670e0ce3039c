package org.alliancetracker.reporting.projection;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Date;
import java.util.List;
import java.util.Map;

import org.alliancetracker.platform.messaging.SourcePosition;
import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;

import com.mongodb.client.model.Updates;

class UpdateMergerTest {

    @Test
    void incrementsAddUpSetsKeepTheLaterValueMaxKeepsTheLargerAndPushesAppendInOrder() {
        UpdateMerger merger = new UpdateMerger()
                .add(Updates.combine(Updates.inc("disbursedCents", 150L), Updates.set("status", "ACTIVE"),
                        Updates.max("lastEventAt", new Date(2000)), Updates.push("history", "a")))
                .add(Updates.combine(Updates.inc("disbursedCents", 250L), Updates.inc("monthly.2017-01.cents", 5L),
                        Updates.set("status", "SUSPENDED"), Updates.max("lastEventAt", new Date(1000)),
                        Updates.push("history", "b")));

        assertThat(merger.mergeable()).isTrue();
        assertThat(merger.update()).isEqualTo(BsonDocument.parse("""
                {"$inc": {"disbursedCents": {"$numberLong": "400"}, "monthly.2017-01.cents": {"$numberLong": "5"}},
                 "$set": {"status": "SUSPENDED"},
                 "$max": {"lastEventAt": {"$date": 2000}},
                 "$push": {"history": {"$each": ["a", "b"]}}}"""));
    }

    @Test
    void aPathWrittenByTwoOperatorsOrInsideAnotherIsNotMergeable() {
        assertThat(new UpdateMerger().add(Updates.set("obligatedCents", 1L)).add(Updates.inc("obligatedCents", 2L))
                .mergeable()).isFalse();
        assertThat(new UpdateMerger().add(Updates.set("released", new org.bson.Document()))
                .add(Updates.set("released.cert", true)).mergeable()).isFalse();
        assertThat(new UpdateMerger().add(Updates.rename("a", "b")).mergeable()).isFalse();
    }

    @Test
    void onlyWhatADocumentHasNotAppliedIsMergedAndItsGuardsMoveToTheLastOffsetPerPartition() {
        SourcePosition p0at5 = new SourcePosition("alliance.disbursements", 0, 5);
        SourcePosition p0at6 = new SourcePosition("alliance.disbursements", 0, 6);
        SourcePosition p3at9 = new SourcePosition("alliance.disbursements", 3, 9);
        List<Projector.Change> changes = List.of(
                new Projector.Change(p0at5, update(Updates.inc("disbursedCents", 100L)), new Date(1000)),
                new Projector.Change(p0at6, update(Updates.inc("disbursedCents", 20L)), new Date(3000)),
                new Projector.Change(p3at9, update(Updates.inc("disbursedCents", 3L)), new Date(2000)));

        // offset 5 of partition 0 was applied by an earlier delivery of an overlapping poll
        BsonDocument update = UpdateMerger.render(Projector.merge(changes, Map.of(p0at5.field(), 5L), true));

        assertThat(update.getDocument("$inc").getInt64("disbursedCents").getValue()).isEqualTo(23L);
        assertThat(update.getDocument("$inc").getInt64("version").getValue()).isEqualTo(1L);
        assertThat(update.getDocument("$set").getInt64(p0at5.field()).getValue()).isEqualTo(6L);
        assertThat(update.getDocument("$set").getInt64(p3at9.field()).getValue()).isEqualTo(9L);
        assertThat(update.getDocument("$set").getBoolean("dirty").getValue()).isTrue();
        assertThat(update.getDocument("$max").getDateTime("lastEventAt").getValue()).isEqualTo(3000L);
    }

    private static ViewChange.Update update(org.bson.conversions.Bson update) {
        return new ViewChange.Update(Views.COUNTRIES, "GT", update);
    }

    @Test
    void aChangedCountryViewKeepsTheTraceOfTheLastChangeItApplies() {
        SourcePosition p1at4 = new SourcePosition("alliance.disbursements", 1, 4);
        SourcePosition p1at5 = new SourcePosition("alliance.disbursements", 1, 5);
        SourcePosition p1at6 = new SourcePosition("alliance.disbursements", 1, 6);
        String traced = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        BsonDocument merged = UpdateMerger.render(Projector.merge(List.of(
                new Projector.Change(p1at4, update(Updates.inc("disbursedCents", 1L)), new Date(1000), "00-old"),
                new Projector.Change(p1at5, update(Updates.inc("disbursedCents", 2L)), new Date(2000), traced),
                new Projector.Change(p1at6, update(Updates.inc("disbursedCents", 3L)), new Date(3000), null)),
                Map.of(), true));

        assertThat(merged.getDocument("$set").getString(StoredCountryView.PUBLISH_TRACE).getValue())
                .isEqualTo(traced);
        assertThat(merged.getDocument("$set").getBoolean("dirty").getValue()).isTrue();
    }

    @Test
    void aDocumentThatAppliedEverythingGetsNoUpdate() {
        SourcePosition at7 = new SourcePosition("alliance.grants", 2, 7);
        assertThat(Projector.merge(List.of(new Projector.Change(at7,
                update(Updates.inc("obligatedCents", 1L)), new Date())), Map.of(at7.field(), 7L), false)).isNull();
    }

    @Test
    void tryAddLeavesTheMergerAsItWasWhenTheUpdateDoesNotMerge() {
        UpdateMerger merger = new UpdateMerger().add(Updates.unset("suspendedOn"));
        assertThat(merger.tryAdd(Updates.inc("obligatedCents", 5L))).isTrue();
        assertThat(merger.tryAdd(Updates.combine(Updates.inc("obligatedCents", 1L), Updates.set("suspendedOn", "x"))))
                .isFalse();
        assertThat(merger.mergeable()).isTrue();
        assertThat(merger.update()).isEqualTo(BsonDocument.parse("""
                {"$unset": {"suspendedOn": ""}, "$inc": {"obligatedCents": {"$numberLong": "5"}}}"""));
    }

    @Test
    void changesThatDoNotMergeAreCutIntoConsecutiveRunsThatDo() {
        SourcePosition at1 = new SourcePosition("alliance.grants", 0, 1);
        SourcePosition at2 = new SourcePosition("alliance.grants", 0, 2);
        SourcePosition at3 = new SourcePosition("alliance.grants", 0, 3);
        SourcePosition at4 = new SourcePosition("alliance.grants", 0, 4);
        Projector.Change suspend = new Projector.Change(at1, grant(Updates.set("status", "SUSPENDED")), new Date(1));
        Projector.Change note = new Projector.Change(at2, grant(Updates.inc("obligatedCents", 5L)), new Date(2));
        Projector.Change resume = new Projector.Change(at3, grant(Updates.unset("status")), new Date(3));
        Projector.Change more = new Projector.Change(at4, grant(Updates.inc("obligatedCents", 7L)), new Date(4));

        // $set and then $unset of one path cannot be one update: [suspend, note] then [resume, more]
        assertThat(Projector.runs(List.of(suspend, note, resume, more)))
                .containsExactly(List.of(suspend, note), List.of(resume, more));
        assertThat(UpdateMerger.render(Projector.merge(List.of(resume, more), Map.of(at1.field(), 2L), false)))
                .isEqualTo(BsonDocument.parse("""
                        {"$unset": {"status": ""}, "$inc": {"obligatedCents": {"$numberLong": "7"}},
                         "$set": {"%s": {"$numberLong": "4"}}, "$max": {"lastEventAt": {"$date": 4}}}"""
                        .formatted(at1.field())));
    }

    @Test
    void aChangeWhoseOwnUpdateDoesNotMergeIsARunOfItsOwnWrittenAsItIs() {
        SourcePosition at1 = new SourcePosition("alliance.grants", 0, 1);
        SourcePosition at2 = new SourcePosition("alliance.grants", 0, 2);
        Projector.Change odd = new Projector.Change(at1,
                grant(Updates.pushEach("recent", List.of("a"), new com.mongodb.client.model.PushOptions().slice(-5))),
                new Date(1));
        Projector.Change next = new Projector.Change(at2, grant(Updates.inc("obligatedCents", 7L)), new Date(2));

        assertThat(Projector.runs(List.of(odd, next))).containsExactly(List.of(odd), List.of(next));
        BsonDocument update = UpdateMerger.render(Projector.merge(List.of(odd), Map.of(), false));
        assertThat(update.getDocument("$push").getDocument("recent").getInt32("$slice").getValue()).isEqualTo(-5);
        assertThat(update.getDocument("$set").getInt64(at1.field()).getValue()).isEqualTo(1L);
    }

    private static ViewChange.Update grant(org.bson.conversions.Bson update) {
        return new ViewChange.Update(Views.GRANTS, "GT-SEC-1", update);
    }
}
