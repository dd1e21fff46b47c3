package se.helsingborg.footfall.jobs;

import org.apache.flink.api.connector.sink2.Sink;
import se.helsingborg.footfall.ingest.decode.RejectedMessage;
import se.helsingborg.footfall.ingest.reading.Reading;
import se.helsingborg.footfall.storage.results.DeviceHealthMinute;
import se.helsingborg.footfall.storage.results.GateMinute;
import se.helsingborg.footfall.storage.results.OccupancyCorrection;
import se.helsingborg.footfall.storage.results.OccupancyMinute;
import se.helsingborg.footfall.storage.results.VisitorsDay;

/** Where the job writes each result: the database in production, collecting sinks in tests. */
public record ResultSinkSet(
        Sink<OccupancyMinute> occupancy,
        Sink<GateMinute> gateCounts,
        Sink<VisitorsDay> visitors,
        Sink<Reading> readings,
        Sink<DeviceHealthMinute> deviceHealth,
        Sink<RejectedMessage> rejected,
        Sink<OccupancyCorrection> occupancyCorrections) {

    public static ResultSinkSet database(se.helsingborg.footfall.storage.Database db) {
        var sinks = new se.helsingborg.footfall.storage.sink.ResultSinks(db);
        return new ResultSinkSet(sinks.occupancy(), sinks.gateCounts(), sinks.visitors(), sinks.readings(), sinks.deviceHealth(),
                sinks.rejected(), sinks.occupancyCorrections());
    }
}
