package se.helsingborg.footfall.ingest.envelope;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import se.helsingborg.footfall.ingest.site.SiteModel;

class TopicsTest {
    private static final SiteModel SITE = SiteModel.example();

    @Test
    void aRejectedMessagesDeviceIsFoundFromItsTopicAlone() {
        assertThat(Topics.deviceOf("v3/footfall@ttn/devices/eui-24E124136B316071/up", SITE)).contains("24e124136b316071");
        assertThat(Topics.deviceOf("v3/footfall@ttn/devices/24e124136b316071/up", SITE)).contains("24e124136b316071");
        assertThat(Topics.deviceOf("application/lib/device/24E124136B316071/event/up", SITE)).contains("24e124136b316071");
        assertThat(Topics.deviceOf("24e124136b316071", SITE)).as("a too-late reading names its device").contains("24e124136b316071");
    }

    @Test
    void topicsNamingNoDeviceOfTheSiteAreNoDevices() {
        assertThat(Topics.deviceOf("v3/footfall@ttn/devices/eui-0000000000000000/up", SITE)).isEmpty();
        assertThat(Topics.deviceOf(Topics.anchor("stadsbiblioteket"), SITE)).isEmpty();
        assertThat(Topics.deviceOf("some/other/topic", SITE)).isEmpty();
        assertThat(Topics.deviceOf(null, SITE)).isEmpty();
    }
}
