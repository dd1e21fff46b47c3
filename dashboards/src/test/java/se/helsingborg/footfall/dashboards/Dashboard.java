package se.helsingborg.footfall.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** A dashboard JSON file of this module, as Grafana's file provider reads it. */
record Dashboard(Path file, JsonNode json) {
    /** Where the dashboards live in the source tree; docker-compose.yml mounts this folder. */
    static final Path FOLDER = Path.of("src/main/resources/dashboards");
    static final Path PROVISIONING = Path.of("src/main/resources/provisioning");

    static List<Dashboard> all() {
        ObjectMapper json = new ObjectMapper();
        try (Stream<Path> files = Files.list(FOLDER)) {
            List<Dashboard> out = new ArrayList<>();
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                out.add(new Dashboard(f, json.readTree(f.toFile())));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Panel> allPanels() {
        return all().stream().flatMap(d -> d.panels().stream()).toList();
    }

    String uid() {
        return json.path("uid").asText();
    }

    List<Panel> panels() {
        List<Panel> out = new ArrayList<>();
        collect(json.path("panels"), out);
        return out;
    }

    /** Rows may nest panels; both are walked. */
    private void collect(JsonNode panels, List<Panel> out) {
        for (JsonNode p : panels) {
            if (p.path("type").asText().equals("row")) {
                collect(p.path("panels"), out);
            } else {
                out.add(new Panel(this, p));
            }
        }
    }

    List<JsonNode> variables() {
        List<JsonNode> out = new ArrayList<>();
        json.path("templating").path("list").forEach(out::add);
        return out;
    }
}
