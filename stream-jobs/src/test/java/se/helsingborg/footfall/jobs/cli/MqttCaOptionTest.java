package se.helsingborg.footfall.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import se.helsingborg.footfall.ingest.site.SiteModel;

/** {@code run --mqtt-ca FILE}: the CA certificate an ssl:// broker's certificate is checked against. */
class MqttCaOptionTest {
    @TempDir
    Path dir;

    @Test
    void theRunCommandTakesTheCaFileAndTheSourceGetsItsAbsolutePath() throws Exception {
        Path ca = Files.writeString(dir.resolve("ca.crt"), "-----BEGIN CERTIFICATE-----\n");
        RunCommand run = new RunCommand();
        new CommandLine(run).parseArgs("--site", "site.yaml", "--mqtt", "ssl://broker:8883", "--db", "jdbc:postgresql://db/footfall",
                "--mqtt-ca", ca.toString());
        assertThat(run.mqttCa).isEqualTo(ca);
        var source = JobEnvironment.mqttSource(run.mqtt, SiteModel.example(), 1, "footfall", Duration.ofDays(1), run.mqttCa);
        assertThat(source.options().caCertificate()).isEqualTo(ca.toAbsolutePath().toString());
        assertThat(source.options().serverUri()).isEqualTo("ssl://broker:8883");
    }

    @Test
    void aMissingCaFileOrAPlainBrokerIsAClearError() throws Exception {
        assertThatThrownBy(() -> JobEnvironment.mqttSource("ssl://broker:8883", SiteModel.example(), 1, "footfall", Duration.ofDays(1),
                dir.resolve("missing.crt"))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("missing.crt");
        Path ca = Files.writeString(dir.resolve("ca.crt"), "x");
        assertThatThrownBy(() -> JobEnvironment.mqttSource("tcp://broker:1883", SiteModel.example(), 1, "footfall", Duration.ofDays(1), ca))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ssl://");
    }
}
