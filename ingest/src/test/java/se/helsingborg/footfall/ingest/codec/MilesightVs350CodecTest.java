package se.helsingborg.footfall.ingest.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import se.helsingborg.footfall.ingest.reading.DeviceStatus;
import se.helsingborg.footfall.ingest.reading.Environment;
import se.helsingborg.footfall.ingest.reading.LineCrossings;
import se.helsingborg.footfall.ingest.reading.Reading;
import se.helsingborg.footfall.ingest.site.Device;

/** Every example of Milesight's VS350 decoder documentation, and what Footfall reads from it. */
class MilesightVs350CodecTest {
    private final MilesightVs350Codec codec = new MilesightVs350Codec();
    private final Device device = new Device("24e124713d172871", MilesightVs350Codec.MODEL, "ttn-v3",
            Map.of(1, "digidel-door"), null, 600);
    private final Instant t = Instant.parse("2026-11-23T09:00:00Z");
    private final UplinkContext ctx = new UplinkContext(device, 85, 12, t, t);

    private Decoded decode(String hex) throws CodecException {
        return codec.decode(HexFormat.of().parseHex(hex.replace(" ", "")), ctx);
    }

    @Test
    void batteryAndTemperature() throws Exception {
        Decoded d = decode("017564 03670C01");
        assertThat(d.fields()).containsEntry("battery", 100).containsEntry("temperature", 26.8);
        assertThat(d.readings()).extracting(Reading::environment).filteredOn(e -> e != null)
                .containsExactly(new Environment(null, 26.8, null));
        assertThat(d.readings()).extracting(Reading::deviceStatus).filteredOn(s -> s != null)
                .containsExactly(new DeviceStatus(100, null, null));
    }

    @Test
    void totalsAndPeriodCounts() throws Exception {
        Decoded d = decode("04CC12001600 05CC13001400");
        assertThat(d.fields()).containsEntry("total_in", 18).containsEntry("total_out", 22)
                .containsEntry("period_in", 19).containsEntry("period_out", 20);
        assertThat(d.readings()).extracting(Reading::lineCrossings).containsExactly(
                LineCrossings.period("digidel-door", 1, 19, 20, 600), LineCrossings.cumulative("digidel-door", 1, 18, 22));
    }

    @Test
    void countAlarmsCarryTheCountsToo() throws Exception {
        Decoded d = decode("84CC0111081101 85CCE803E90301");
        assertThat(d.fields()).containsEntry("total_in", 4353).containsEntry("total_out", 4360)
                .containsEntry("period_in", 1000).containsEntry("period_out", 1001)
                .containsEntry("total_count_alarm", "threshold alarm").containsEntry("period_count_alarm", "threshold alarm");
        assertThat(d.readings()).hasSize(2);
    }

    @Test
    void temperatureAlarms() throws Exception {
        assertThat(decode("8367360101").fields()).containsEntry("temperature", 31.0).containsEntry("temperature_alarm", "threshold alarm");
        assertThat(decode("8367220100").fields()).containsEntry("temperature", 29.0)
                .containsEntry("temperature_alarm", "threshold alarm release");
        assertThat(decode("8367500103").fields()).containsEntry("temperature", 33.6)
                .containsEntry("temperature_alarm", "high temperature alarm");
        assertThat(decode("83673E0104").fields()).containsEntry("temperature", 31.8)
                .containsEntry("temperature_alarm", "high temperature alarm release");
    }

    @Test
    void historicalDataKeepsItsOwnTime() throws Exception {
        Decoded period = decode("20CE7B3AF164000B000400");
        assertThat(period.fields().get("history")).isEqualTo(List.of(Map.of("period_in", 11, "period_out", 4, "timestamp", 1693530747L)));
        assertThat(period.readings()).singleElement().satisfies(r -> {
            assertThat(r.eventTime()).isEqualTo(Instant.ofEpochSecond(1693530747L));
            assertThat(r.lineCrossings()).isEqualTo(LineCrossings.period("digidel-door", 1, 11, 4, 600));
        });
        Decoded both = decode("20CEFF3DF16401070002001D000800");
        assertThat(both.fields().get("history")).isEqualTo(List.of(
                Map.of("period_in", 7, "period_out", 2, "total_in", 29, "total_out", 8, "timestamp", 1693531647L)));
        assertThat(both.readings()).extracting(Reading::lineCrossings).containsExactly(
                LineCrossings.period("digidel-door", 1, 7, 2, 600), LineCrossings.cumulative("digidel-door", 1, 29, 8));
    }

    @Test
    void twoHistoricalRecordsInOneMessageAreTwoReadingsNotADuplicate() throws Exception {
        Decoded d = decode("20CE7B3AF164000B000400 20CEB33DF1640001000200");
        assertThat(d.readings()).hasSize(2);
        assertThat(d.readings().get(0).identity()).isNotEqualTo(d.readings().get(1).identity());
    }

    @Test
    void encodeIsTheInverseOfDecode() throws Exception {
        for (String hex : List.of("017564 03670C01", "04CC12001600 05CC13001400", "20CEFF3DF16401070002001D000800")) {
            Decoded d = decode(hex);
            assertThat(HexFormat.of().formatHex(codec.encode(d.fields()))).isEqualToIgnoringCase(hex.replace(" ", ""));
        }
    }

    @Test
    void brokenPayloadsSayWhy() {
        assertThatThrownBy(() -> decode("20CE7B3AF16402")).hasMessageContaining("needs 9 bytes");
        assertThatThrownBy(() -> decode("20CE7B3AF164050B000400")).hasMessageContaining("unknown type 5");
        assertThatThrownBy(() -> decode("04CC1200")).hasMessageContaining("needs 4 bytes, 2 left");
    }
}
