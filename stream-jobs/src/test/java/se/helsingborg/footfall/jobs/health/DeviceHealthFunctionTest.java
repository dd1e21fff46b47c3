package se.helsingborg.footfall.jobs.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import se.helsingborg.footfall.ingest.reading.DeviceStatus;
import se.helsingborg.footfall.ingest.reading.LineCrossings;
import se.helsingborg.footfall.ingest.reading.Reading;
import se.helsingborg.footfall.ingest.site.Device;
import se.helsingborg.footfall.ingest.site.SiteModel;
import se.helsingborg.footfall.storage.results.DeviceHealthMinute;

class DeviceHealthFunctionTest {
    private static final SiteModel SITE = SiteModel.example();
    private static final Device DEVICE = SITE.devices().stream()
            .filter(d -> d.model().equals("milesight-vs133")).findFirst().orElseThrow();
    private static final long INTERVAL = DEVICE.reportingIntervalSeconds() * 1000L;
    private static final long T0 = Instant.parse("2026-11-23T09:00:00Z").toEpochMilli();

    private KeyedOneInputStreamOperatorTestHarness<String, Reading, DeviceHealthMinute> harness;

    @BeforeEach
    void open() throws Exception {
        harness = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new DeviceHealthFunction(SITE)), Reading::deviceId, Types.STRING);
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private void total(long at, long in, long out, long fCnt) throws Exception {
        Instant t = Instant.ofEpochMilli(at);
        harness.processElement(Reading.of(DEVICE.id(), t, t, fCnt, LineCrossings.cumulative("main-entrance", 1, in, out)), at);
    }

    private List<DeviceHealthMinute> rows() {
        return harness.extractOutputValues();
    }

    @Test
    void aDeviceSilentForThreeIntervalsGoesOfflineAndComesBackWithItsNextReading() throws Exception {
        total(T0, 100, 90, 1);
        total(T0 + INTERVAL, 110, 95, 2);
        harness.processWatermark(T0 + INTERVAL + 3 * INTERVAL - 1);
        assertThat(rows()).hasSize(2).allMatch(DeviceHealthMinute::online);

        harness.processWatermark(T0 + INTERVAL + 3 * INTERVAL);
        DeviceHealthMinute offline = rows().get(2);
        assertThat(offline.online()).isFalse();
        assertThat(offline.lastSeen()).isEqualTo(Instant.ofEpochMilli(T0 + INTERVAL));
        assertThat(offline.minute()).isEqualTo(Instant.ofEpochMilli(T0 + 4 * INTERVAL));

        total(T0 + 10 * INTERVAL, 120, 99, 3);
        assertThat(rows().get(3).online()).isTrue();
        assertThat(harness.numEventTimeTimers()).as("one offline deadline while online").isEqualTo(1);
    }

    @Test
    void countersGoingBackwardsAreCountedAsResetsNotAsPeople() throws Exception {
        total(T0, 60_000, 59_000, 1);
        total(T0 + INTERVAL, 65_530, 65_000, 2);
        total(T0 + 2 * INTERVAL, 12, 20, 3);               // rebooted, or wrapped at 16 bits
        total(T0 + 3 * INTERVAL, 40, 35, 4);
        assertThat(rows()).extracting(DeviceHealthMinute::counterResets).containsExactly(0, 0, 1, 1);
    }

    @Test
    void batteryAndSignalAreKeptUntilReportedAgain() throws Exception {
        Instant t = Instant.ofEpochMilli(T0);
        harness.processElement(Reading.of(DEVICE.id(), t, t, 1, new DeviceStatus(87, 3600, -97.0, 7.5)), T0);
        total(T0 + INTERVAL, 1, 1, 2);
        assertThat(rows().get(1).batteryPercent()).isEqualTo(87);
        assertThat(rows().get(1).batteryMillivolts()).isEqualTo(3600);
        assertThat(rows().get(1).rssiDbm()).isEqualTo(-97.0);
    }
}
