package se.helsingborg.footfall.ingest.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import se.helsingborg.footfall.ingest.reading.LineCrossings;
import se.helsingborg.footfall.ingest.reading.Reading;
import se.helsingborg.footfall.ingest.site.Device;

class MilesightVs133CodecTest {
    private final MilesightVs133Codec codec = new MilesightVs133Codec();
    private final Device device = new Device("24e124136b316071", MilesightVs133Codec.MODEL, "ttn-v3",
            Map.of(1, "main-entrance", 4, "park-door"), null, 300);
    private final Instant t = Instant.parse("2026-11-23T09:00:00Z");
    private final UplinkContext ctx = new UplinkContext(device, 85, 7, t, t);

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    @Test
    void decodesTheVendorsTotalsExample() throws Exception {
        Decoded d = codec.decode(hex("03D248000000 04D2C8000000 06D200000000 07D200000000 09D200000000 0AD200000000 0CD2B4140000 0DD28D1A0000"), ctx);
        assertThat(d.fields()).containsEntry("line_1_total_in", 72L).containsEntry("line_1_total_out", 200L)
                .containsEntry("line_4_total_in", 5300L).containsEntry("line_4_total_out", 6797L);
        assertThat(d.readings()).extracting(Reading::lineCrossings)
                .containsExactly(LineCrossings.cumulative("main-entrance", 1, 72, 200),
                        LineCrossings.cumulative("park-door", 4, 5300, 6797));
    }

    @Test
    void decodesTheVendorsPeriodExampleIntoPeriodCountsOfTheReportingInterval() throws Exception {
        Decoded d = codec.decode(hex("05CC00000000 08CC00000000 0BCC00000000 0ECC05000700"), ctx);
        assertThat(d.fields()).containsEntry("line_4_period_in", 5).containsEntry("line_4_period_out", 7);
        assertThat(d.readings()).extracting(Reading::lineCrossings)
                .containsExactly(LineCrossings.period("main-entrance", 1, 0, 0, 300),
                        LineCrossings.period("park-door", 4, 5, 7, 300));
        assertThat(d.readings()).allSatisfy(r -> {
            assertThat(r.eventTime()).isEqualTo(t);
            assertThat(r.frameCounter()).isEqualTo(7);
        });
    }

    @Test
    void decodesRegionCountsAndDwell() throws Exception {
        Decoded d = codec.decode(hex("0FE302100709 10E40109101121"), ctx);
        assertThat(d.fields()).containsEntry("region_2_count", 16).containsEntry("region_4_count", 9)
                .containsEntry("region_1_avg_dwell", 4105).containsEntry("region_1_max_dwell", 8465);
        assertThat(d.readings()).isEmpty();
    }

    @Test
    void encodeIsTheInverseOfDecode() throws Exception {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("line_1_total_in", 4_294_967_295L);
        fields.put("line_1_total_out", 12L);
        fields.put("line_1_period_in", 65_535L);
        fields.put("line_1_period_out", 3L);
        fields.put("line_4_period_in", 1L);
        fields.put("line_4_period_out", 0L);
        Decoded back = codec.decode(codec.encode(fields), ctx);
        assertThat(back.fields()).containsEntry("line_1_total_in", 4_294_967_295L)
                .containsEntry("line_1_total_out", 12L)
                .containsEntry("line_1_period_in", 65_535)
                .containsEntry("line_1_period_out", 3)
                .containsEntry("line_4_period_in", 1);
    }

    @Test
    void truncatedAndUnknownPayloadsAreRejectedWithTheReason() {
        assertThatThrownBy(() -> codec.decode(hex("03D24800"), ctx))
                .isInstanceOf(CodecException.class).hasMessageContaining("needs 4 bytes, 2 left");
        assertThatThrownBy(() -> codec.decode(hex("7788AABB"), ctx))
                .isInstanceOf(CodecException.class).hasMessageContaining("unknown channel 0x77 type 0x88");
        assertThatThrownBy(() -> codec.decode(new byte[0], ctx))
                .isInstanceOf(CodecException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> codec.decode(hex("03"), ctx))
                .isInstanceOf(CodecException.class).hasMessageContaining("truncated");
    }
}
