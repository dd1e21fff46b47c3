package se.helsingborg.footfall.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.core.execution.JobClient;
import org.junit.jupiter.api.Test;
import se.helsingborg.footfall.ingest.site.SiteModel;
import se.helsingborg.footfall.jobs.FootfallJob;
import se.helsingborg.footfall.jobs.ResultSinkSet;
import se.helsingborg.footfall.simulators.MqttPublisher;
import se.helsingborg.footfall.simulators.SimulatedMessage;
import se.helsingborg.footfall.storage.TestPostgres;

/** A locally run job serves its metrics, Footfall's among them, for Prometheus to scrape. */
class MetricsEndpointTest {
    @Test
    void rejectsPerReasonAndTheSourcesMetersShowUp() throws Exception {
        String mqtt = se.helsingborg.footfall.jobs.TestBroker.mosquittoUri();
        String clientId = "footfall-metrics-" + UUID.randomUUID().toString().substring(0, 8);
        SiteModel site = SiteModel.example();
        try (TestPostgres pg = TestPostgres.create()) {
            var env = JobEnvironment.create(false, 1, Duration.ofSeconds(1), null);
            new FootfallJob(site, JobEnvironment.mqttSource(mqtt, site, 1, clientId, Duration.ofMinutes(2)),
                    ResultSinkSet.database(pg.migrated())).build(env);
            JobClient job = env.executeAsync("metrics-test");
            try (MqttPublisher publisher = new MqttPublisher(mqtt, clientId + "-pub")) {
                HttpClient http = HttpClient.newHttpClient();
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                String body = "";
                while (System.nanoTime() < deadline) {
                    publisher.publish(new SimulatedMessage(Instant.now(), "v3/metrics@ttn/devices/stranger/up",
                            ("{\"end_device_ids\":{\"dev_eui\":\"00000000000000AA\"},\"uplink_message\":{\"f_port\":85,"
                                    + "\"frm_payload\":\"BcwAAAAA\",\"received_at\":\"2026-11-23T09:00:00Z\"}}").getBytes()));
                    body = scrape(http);
                    // Acknowledged after a completed checkpoint (every second here), so the lag is
                    // above zero once the first acknowledgements have gone out.
                    if (value(body, "footfall_ingest_reason_rejected", "reason=\"unknown_device\"") > 0
                            && value(body, "footfall_ingest_mqtt_received", "") > 0
                            && value(body, "footfall_ingest_mqtt_ack_lag_seconds", "") > 0
                            && value(body, "footfall_ingest_mqtt_pending_acks", "") >= 0) {
                        assertThat(body).contains("footfall_ingest_messages", "footfall_ingest_mqtt_reconnects");
                        assertThat(value(body, "footfall_ingest_mqtt_ack_lag_seconds", ""))
                                .as("at most about a checkpoint interval and a checkpoint").isLessThan(30);
                        return;
                    }
                    Thread.sleep(500);
                }
                throw new AssertionError("not all of rejected{reason=\"unknown_device\"}, mqtt_received, mqtt_ack_lag_seconds > 0"
                        + " and mqtt_pending_acks on ports " + JobEnvironment.METRICS_PORTS + "; last scrape:\n"
                        + body.lines().filter(l -> l.contains("footfall")).toList());
            } finally {
                job.cancel().get();
                se.helsingborg.footfall.jobs.TestBroker.discardSession(mqtt, clientId + "-0");
            }
        }
    }

    /** The largest value of a metric whose name ends in {@code name} and whose labels contain {@code label}; -1 if none. */
    private static double value(String body, String name, String label) {
        Pattern line = Pattern.compile("(?m)^\\S*" + Pattern.quote(name) + "\\{([^}]*)\\} (\\S+)$");
        Matcher m = line.matcher(body);
        double max = -1;
        while (m.find()) {
            if (m.group(1).contains(label)) {
                max = Math.max(max, Double.parseDouble(m.group(2)));
            }
        }
        return max;
    }

    /** Whatever the first port of the range that answers serves. */
    private static String scrape(HttpClient http) {
        String[] range = JobEnvironment.METRICS_PORTS.split("-");
        for (int port = Integer.parseInt(range[0]); port <= Integer.parseInt(range[1]); port++) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200 && r.body().contains("footfall")) {
                    return r.body();
                }
            } catch (Exception notThere) {
                // try the next port
            }
        }
        return "";
    }
}
