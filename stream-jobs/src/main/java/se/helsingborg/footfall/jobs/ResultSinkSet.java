package se.helsingborg.footfall.jobs;

import org.apache.flink.api.connector.sink2.Sink;
import se.helsingborg.footfall.ingest.decode.RejectedMessage;
import se.helsingborg.footfall.ingest.reading.Reading;
import se.helsingborg.footfall.storage.results.CapacityAlert;
import se.helsingborg.footfall.storage.results.DeviceHealthMinute;
import se.helsingborg.footfall.storage.results.DwellDay;
import se.helsingborg.footfall.storage.results.DwellHour;
import se.helsingborg.footfall.storage.results.GateMinute;
import se.helsingborg.footfall.storage.results.OccupancyCorrection;
import se.helsingborg.footfall.storage.results.OccupancyMinute;
import se.helsingborg.footfall.storage.results.PipelineMinute;
import se.helsingborg.footfall.storage.results.VisitorsDay;
import se.helsingborg.footfall.storage.results.ZoneTransitionDay;

/** Where the job writes each result: the database in production, collecting sinks in tests. */
public record ResultSinkSet(
        Sink<OccupancyMinute> occupancy,
        Sink<GateMinute> gateCounts,
        Sink<VisitorsDay> visitors,
        Sink<Reading> readings,
        Sink<DeviceHealthMinute> deviceHealth,
        Sink<RejectedMessage> rejected,
        Sink<CapacityAlert> alerts,
        Sink<DwellDay> dwellDaily,
        Sink<DwellHour> dwellHourly,
        Sink<OccupancyCorrection> occupancyCorrections,
        Sink<ZoneTransitionDay> zoneTransitions,
        Sink<PipelineMinute> pipelineMinutes) {

    /**
     * CSV files of the result tables in {@code dir}, written when a bounded job ends ({@code replay
     * --out}). Raw readings are not a result and are not kept.
     */
    public static ResultSinkSet csv(java.nio.file.Path dir) {
        var files = new se.helsingborg.footfall.storage.files.CsvResultSinks(dir);
        return new ResultSinkSet(files.occupancy(), files.gateCounts(), files.visitors(),
                new org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink<>(), files.deviceHealth(), files.rejected(),
                files.alerts(), files.dwellDaily(), files.dwellHourly(), files.occupancyCorrections(), files.zoneTransitions(),
                files.pipelineMinutes());
    }

    public static ResultSinkSet database(se.helsingborg.footfall.storage.Database db) {
        var sinks = new se.helsingborg.footfall.storage.sink.ResultSinks(db);
        return new ResultSinkSet(sinks.occupancy(), sinks.gateCounts(), sinks.visitors(), sinks.readings(), sinks.deviceHealth(),
                sinks.rejected(), sinks.alerts(), sinks.dwellDaily(), sinks.dwellHourly(), sinks.occupancyCorrections(),
                sinks.zoneTransitions(), sinks.pipelineMinutes());
    }
}
