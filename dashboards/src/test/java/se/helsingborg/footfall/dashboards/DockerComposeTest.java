package se.helsingborg.footfall.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml cannot run here (no Docker engine), so this checks what can go wrong without
 * one: every file or folder it mounts from the checkout exists, and every environment variable it
 * passes is one that something in the container reads: the Footfall job (its sources, launcher
 * and logging configuration), Grafana's provisioning files or Grafana itself ({@code GF_*}), or
 * the TimescaleDB image's entrypoint.
 */
class DockerComposeTest {
    static final Path ROOT = Path.of("..");
    /** Read by the timescale/timescaledb image's entrypoint (the postgres image's) at first start. */
    private static final Set<String> POSTGRES_IMAGE = Set.of("POSTGRES_DB", "POSTGRES_USER", "POSTGRES_PASSWORD");

    static JsonNode compose() {
        try {
            return new ObjectMapper(new YAMLFactory()).readTree(ROOT.resolve("docker-compose.yml").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where the grafana service mounts a folder of this module (a path relative to the module). */
    static String grafanaMountOf(Path moduleFolder) {
        Path wanted = ROOT.resolve("dashboards").resolve(moduleFolder).normalize();
        for (JsonNode volume : compose().path("services").path("grafana").path("volumes")) {
            String[] parts = volume.asText().split(":");
            if (parts[0].startsWith(".") && ROOT.resolve(parts[0]).normalize().equals(wanted)) {
                return parts[1];
            }
        }
        throw new AssertionError("grafana does not mount " + wanted);
    }

    @Test
    void startsTheFourServicesTheIssueAsksFor() {
        JsonNode services = compose().path("services");
        assertThat(services.path("timescaledb").path("image").asText()).startsWith("timescale/timescaledb:");
        assertThat(services.path("mosquitto").path("image").asText()).startsWith("eclipse-mosquitto:");
        assertThat(services.path("grafana").path("image").asText()).startsWith("grafana/grafana:");
        assertThat(services.path("footfall").path("image").asText()).contains("eclipse-temurin-17");
        List<String> command = new java.util.ArrayList<>();
        services.path("footfall").path("command").forEach(c -> command.add(c.asText()));
        assertThat(command).startsWith("./footfall", "run").contains("--site", "--mqtt", "--db");
        assertThat(command.get(command.indexOf("--site") + 1)).satisfies(site -> assertThat(ROOT.resolve(site)).isRegularFile());
        assertThat(grafanaMountOf(Path.of("src/main/resources/provisioning"))).isEqualTo("/etc/grafana/provisioning");
    }

    @Test
    void everyMountedFileOrFolderExistsInTheRepository() {
        int mounts = 0;
        for (Iterator<JsonNode> it = compose().path("services").elements(); it.hasNext(); ) {
            for (JsonNode volume : it.next().path("volumes")) {
                String source = volume.asText().split(":")[0];
                if (source.startsWith(".")) {
                    mounts++;
                    assertThat(Files.exists(ROOT.resolve(source))).as("mounted " + source).isTrue();
                }
            }
        }
        assertThat(mounts).as("the repository, the Mosquitto config and Grafana's two folders").isGreaterThanOrEqualTo(4);
        assertThat(compose().path("services").path("mosquitto").path("volumes").toString()).contains("./config/mosquitto/footfall.conf");
    }

    @Test
    void everyEnvironmentVariablePassedIsOneThatIsRead() throws IOException {
        Set<String> jobReads = jobEnvironment();
        assertThat(jobReads).as("what the job reads").contains("PGPASSWORD", "PGUSER", "FOOTFALL_MQTT_PASSWORD");
        Set<String> provisioningReads = references(Dashboard.PROVISIONING, Pattern.compile("\\$(?:__env)?\\{(\\w+)}"));
        assertThat(provisioningReads).contains("FOOTFALL_DB_PASSWORD");
        JsonNode services = compose().path("services");
        int passed = 0;
        for (Iterator<String> names = services.fieldNames(); names.hasNext(); ) {
            String service = names.next();
            for (Iterator<String> vars = services.path(service).path("environment").fieldNames(); vars.hasNext(); ) {
                String var = vars.next();
                passed++;
                boolean read = switch (service) {
                    case "footfall", "simulator" -> jobReads.contains(var);
                    case "grafana" -> provisioningReads.contains(var) || var.startsWith("GF_");
                    case "timescaledb" -> POSTGRES_IMAGE.contains(var);
                    default -> false;
                };
                assertThat(read).as(service + " is passed " + var + ", which nothing there reads").isTrue();
            }
        }
        assertThat(passed).isGreaterThan(8);
        for (String needed : provisioningReads) {
            assertThat(services.path("grafana").path("environment").has(needed))
                    .as("the provisioning reads " + needed + "; grafana must be given it").isTrue();
        }
    }

    /** Environment variable names the job's code, launcher and logging configuration mention. */
    private static Set<String> jobEnvironment() throws IOException {
        Set<String> names = new HashSet<>();
        Pattern javaLiteral = Pattern.compile("\"((?:PG|FOOTFALL_)[A-Z_]+)\"");
        for (String module : List.of("ingest", "storage", "stream-jobs", "simulators")) {
            names.addAll(references(ROOT.resolve(module).resolve("src/main/java"), javaLiteral));
        }
        Pattern shell = Pattern.compile("\\$\\{?(FOOTFALL_\\w+)");
        names.addAll(references(ROOT.resolve("footfall"), shell));
        names.addAll(references(ROOT.resolve("stream-jobs/src/main/resources/logback.xml"), Pattern.compile("\\$\\{(FOOTFALL_\\w+)")));
        return names;
    }

    private static Set<String> references(Path where, Pattern pattern) throws IOException {
        Set<String> out = new HashSet<>();
        try (Stream<Path> files = Files.walk(where)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                // YAML and shell comments are not read as settings: leave them out.
                String text = f.toString().endsWith(".yaml") || f.getFileName().toString().equals("footfall")
                        ? Files.readString(f).replaceAll("(?m)^\\s*#.*$", "") : Files.readString(f);
                Matcher m = pattern.matcher(text);
                while (m.find()) {
                    out.add(m.group(1));
                }
            }
        }
        return out;
    }
}
