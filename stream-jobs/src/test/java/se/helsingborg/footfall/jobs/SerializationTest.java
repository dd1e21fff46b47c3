package se.helsingborg.footfall.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.GenericTypeInfo;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.junit.jupiter.api.Test;
import se.helsingborg.footfall.ingest.decode.RejectedMessage;
import se.helsingborg.footfall.ingest.reading.Reading;
import se.helsingborg.footfall.ingest.source.RawMessage;
import se.helsingborg.footfall.jobs.occupancy.MinuteFlow;
import se.helsingborg.footfall.jobs.occupancy.PendingMinute;
import se.helsingborg.footfall.jobs.occupancy.ZoneCount;
import se.helsingborg.footfall.jobs.occupancy.ZoneEvent;
import se.helsingborg.footfall.storage.results.DeviceHealthMinute;
import se.helsingborg.footfall.storage.results.DwellDay;
import se.helsingborg.footfall.storage.results.DwellHour;
import se.helsingborg.footfall.storage.results.GateMinute;
import se.helsingborg.footfall.storage.results.OccupancyCorrection;
import se.helsingborg.footfall.storage.results.OccupancyMinute;
import se.helsingborg.footfall.storage.results.VisitorsDay;
import se.helsingborg.footfall.jobs.tokens.TokenSession;
import se.helsingborg.footfall.jobs.tokens.ZoneTransition;
import se.helsingborg.footfall.storage.results.ZoneTransitionDay;

/**
 * Everything that crosses the job graph or sits in state is a record Flink serialises field by
 * field; none falls back to Kryo, which is slower and breaks state when a class changes.
 */
class SerializationTest {
    @Test
    void recordsInTheJobGraphAreFlinkPojosAllTheWayDown() {
        for (Class<?> type : List.of(RawMessage.class, Reading.class, RejectedMessage.class, ZoneFlow.class,
                SiteEntry.class, MinuteFlow.class, OccupancyMinute.class, VisitorsDay.class, GateFlow.class, GateMinute.class,
                DeviceHealthMinute.class, DwellDay.class, DwellHour.class, ZoneEvent.class, ZoneCount.class, PendingMinute.class,
                OccupancyCorrection.class, TokenSession.class, ZoneTransition.class, ZoneTransitionDay.class,
                se.helsingborg.footfall.jobs.occupancy.ZoneState.class, se.helsingborg.footfall.jobs.occupancy.DriftingRun.class, se.helsingborg.footfall.jobs.recovery.Recovered.class,
                se.helsingborg.footfall.jobs.recovery.LineRate.class, se.helsingborg.footfall.jobs.recovery.UplinkPace.class,
                se.helsingborg.footfall.jobs.recovery.LineTotals.class,
                se.helsingborg.footfall.jobs.recovery.LineProfile.class, se.helsingborg.footfall.jobs.recovery.LineDay.class)) {
            TypeInformation<?> info = TypeInformation.of(type);
            assertThat(info).as(type.getSimpleName()).isInstanceOf(PojoTypeInfo.class);
            PojoTypeInfo<?> pojo = (PojoTypeInfo<?>) info;
            for (int i = 0; i < pojo.getArity(); i++) {
                assertThat(pojo.getTypeAt(i)).as(type.getSimpleName() + "." + pojo.getPojoFieldAt(i).getField().getName())
                        .isNotInstanceOf(GenericTypeInfo.class);
            }
        }
    }
}
