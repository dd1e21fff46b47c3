package se.helsingborg.footfall.storage.sink;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import se.helsingborg.footfall.ingest.reading.AreaCount;
import se.helsingborg.footfall.ingest.reading.DeviceStatus;
import se.helsingborg.footfall.ingest.reading.Environment;
import se.helsingborg.footfall.ingest.reading.LineCrossings;
import se.helsingborg.footfall.ingest.reading.Motion;
import se.helsingborg.footfall.ingest.reading.PresenceToken;
import se.helsingborg.footfall.ingest.reading.Reading;

/**
 * A reading as a row of {@code readings}: the columns of its kind of measurement set, the others
 * null. Every parameter is bound with the same SQL type for every row, so a batch stays one
 * prepared statement whatever kinds it mixes.
 */
final class ReadingRow {
    private ReadingRow() {}

    static void bind(PreparedStatement ps, Reading r) throws SQLException {
        LineCrossings c = r.lineCrossings();
        AreaCount a = r.areaCount();
        Motion m = r.motion();
        Environment e = r.environment();
        DeviceStatus s = r.deviceStatus();
        PresenceToken p = r.presence();
        ps.setString(1, r.deviceId());
        ps.setTimestamp(2, Timestamp.from(r.eventTime()));
        ps.setTimestamp(3, Timestamp.from(r.receivedTime()));
        ps.setLong(4, r.frameCounter());
        ps.setString(5, r.part());
        ps.setString(6, r.kind());
        ps.setObject(7, c == null ? null : c.gateId(), Types.VARCHAR);
        ps.setObject(8, c == null ? null : (short) c.line(), Types.SMALLINT);
        ps.setObject(9, c == null ? null : c.in(), Types.BIGINT);
        ps.setObject(10, c == null ? null : c.out(), Types.BIGINT);
        ps.setObject(11, c == null ? null : c.cumulative(), Types.BOOLEAN);
        ps.setObject(12, c == null || c.cumulative() ? null : c.periodSeconds(), Types.INTEGER);
        ps.setObject(13, a != null ? a.zoneId() : m != null ? m.zoneId() : p != null ? p.zoneId() : null, Types.VARCHAR);
        ps.setObject(14, a == null ? null : a.count(), Types.INTEGER);
        ps.setObject(15, m == null ? null : m.occupied(), Types.BOOLEAN);
        ps.setObject(16, m == null ? null : m.motionCount(), Types.INTEGER);
        ps.setObject(17, e == null ? null : e.co2Ppm(), Types.DOUBLE);
        ps.setObject(18, e == null ? null : e.temperatureC(), Types.DOUBLE);
        ps.setObject(19, e == null ? null : e.humidityPct(), Types.DOUBLE);
        ps.setObject(20, e == null ? null : e.illuminanceLux(), Types.DOUBLE);
        ps.setObject(21, e == null ? null : e.pressureHpa(), Types.DOUBLE);
        ps.setObject(22, s == null || s.batteryPercent() == null ? null : s.batteryPercent().shortValue(), Types.SMALLINT);
        ps.setObject(23, s == null ? null : s.batteryMillivolts(), Types.INTEGER);
        ps.setObject(24, s == null ? null : s.rssiDbm(), Types.DOUBLE);
        ps.setObject(25, s == null ? null : s.snrDb(), Types.DOUBLE);
        ps.setObject(26, p == null ? null : p.token(), Types.VARCHAR); // the token only: raw ids never get this far
    }
}
