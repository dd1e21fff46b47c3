package se.helsingborg.footfall.jobs.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
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

    private KeyedTwoInputStreamOperatorTestHarness<String, Reading, DeviceReject, DeviceHealthMinute> harness;

    @BeforeEach
    void open() throws Exception {
        harness = new KeyedTwoInputStreamOperatorTestHarness<>(
                new ReadingsClockOperator<>(new DeviceHealthFunction(SITE)), Reading::deviceId, DeviceReject::deviceId, Types.STRING);
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private void total(long at, long in, long out, long fCnt) throws Exception {
        Instant t = Instant.ofEpochMilli(at);
        harness.processElement1(Reading.of(DEVICE.id(), t, t, fCnt, LineCrossings.cumulative("main-entrance", 1, in, out)), at);
    }

    private void reject(long receivedAt) throws Exception {
        harness.processElement2(new DeviceReject(DEVICE.id(), Instant.ofEpochMilli(receivedAt)), receivedAt);
    }

    private List<DeviceHealthMinute> rows() {
        return harness.extractOutputValues();
    }

    @Test
    void aDeviceSilentForThreeIntervalsGoesOfflineAndComesBackWithItsNextReading() throws Exception {
        total(T0, 100, 90, 1);
        total(T0 + INTERVAL, 110, 95, 2);
        harness.processWatermark1(new Watermark(T0 + INTERVAL + 3 * INTERVAL - 1));
        assertThat(rows()).hasSize(2).allMatch(DeviceHealthMinute::online);

        harness.processWatermark1(new Watermark(T0 + INTERVAL + 3 * INTERVAL));
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
        harness.processElement1(Reading.of(DEVICE.id(), t, t, 1, new DeviceStatus(87, 3600, -97.0, 7.5)), T0);
        total(T0 + INTERVAL, 1, 1, 2);
        assertThat(rows().get(1).batteryPercent()).isEqualTo(87);
        assertThat(rows().get(1).batteryMillivolts()).isEqualTo(3600);
        assertThat(rows().get(1).rssiDbm()).isEqualTo(-97.0);
    }

    @Test
    void rejectsCountInTheRowsOnceTheReadingsClockPassesTheirMinuteOfReception() throws Exception {
        total(T0, 100, 90, 1);
        reject(T0 + 10_000);
        reject(T0 + 20_000);
        reject(T0 + 70_000);
        assertThat(rows()).as("rejects wait for their minute to close").hasSize(1);
        // keyed state entries count each state of the key once, a map however many entries it holds
        assertThat(harness.numKeyedStateEntries()).as("last, the offline deadline, the totals, the rejects waiting").isEqualTo(4);
        assertThat(harness.numEventTimeTimers()).as("the offline deadline and one per minute of rejects").isEqualTo(3);

        harness.processWatermark1(new Watermark(T0 + 60_000 - 1));
        DeviceHealthMinute row = rows().get(1);
        assertThat(row.minute()).isEqualTo(Instant.ofEpochMilli(T0));
        assertThat(row.rejectedMessages()).isEqualTo(2);
        assertThat(row.online()).isTrue();
        assertThat(row.lastSeen()).isEqualTo(Instant.ofEpochMilli(T0));

        total(T0 + INTERVAL, 110, 95, 2);
        assertThat(rows().get(2).rejectedMessages()).as("the count carries on in later rows").isEqualTo(2);
        harness.processWatermark1(new Watermark(T0 + 2 * 60_000 - 1));
        assertThat(rows().get(3).rejectedMessages()).isEqualTo(3);

        assertThat(harness.numKeyedStateEntries()).as("no rejects left waiting: last, the deadline, the totals").isEqualTo(3);
        assertThat(harness.numEventTimeTimers()).as("only the offline deadline").isEqualTo(1);
    }

    @Test
    void rejectsDoNotHoldTheClockBackAndLateOnesCountAtOnce() throws Exception {
        total(T0, 100, 90, 1);
        harness.processWatermark2(new Watermark(Long.MIN_VALUE + 1));
        harness.processWatermark1(new Watermark(T0 + 4 * INTERVAL));
        assertThat(rows()).as("offline on the readings' watermark alone").hasSize(2);
        assertThat(rows().get(1).online()).isFalse();

        reject(T0 + 2 * INTERVAL);
        DeviceHealthMinute row = rows().get(2);
        assertThat(row.rejectedMessages()).isEqualTo(1);
        assertThat(row.online()).isFalse();
        assertThat(row.minute()).as("rows go forwards: the offline row's minute").isEqualTo(rows().get(1).minute());
        assertThat(harness.numEventTimeTimers()).isZero();
        assertThat(harness.numKeyedStateEntries()).as("last and the totals; no deadline while offline").isEqualTo(2);
    }

    @Test
    void aDeviceHeardOnlyInRejectsIsOfflineAndNeverSeen() throws Exception {
        reject(T0 + 5_000);
        harness.processWatermark1(new Watermark(T0 + 60_000 - 1));
        assertThat(rows()).singleElement().satisfies(r -> {
            assertThat(r.lastSeen()).isNull();
            assertThat(r.online()).isFalse();
            assertThat(r.rejectedMessages()).isEqualTo(1);
            assertThat(r.minute()).isEqualTo(Instant.ofEpochMilli(T0));
        });
        assertThat(harness.numEventTimeTimers()).isZero();
        assertThat(harness.numKeyedStateEntries()).as("only the last row").isEqualTo(1);
    }
}
