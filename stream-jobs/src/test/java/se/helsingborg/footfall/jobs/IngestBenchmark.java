package se.helsingborg.footfall.jobs;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import se.helsingborg.footfall.ingest.envelope.Topics;
import se.helsingborg.footfall.ingest.site.SiteModel;
import se.helsingborg.footfall.ingest.source.MqttSource;
import se.helsingborg.footfall.simulators.MqttPublisher;
import se.helsingborg.footfall.simulators.SimulatedMessage;
import se.helsingborg.footfall.simulators.Simulation;

/**
 * Ingest throughput on this machine: messages per second at QoS 1 from a real broker through the
 * MQTT source and the decoder (acknowledged on checkpoints, as in production), on Flink's local
 * MiniCluster. Prints each run and the median. Run it with {@code scripts/bench-ingest}.
 *
 * <p>Arguments: {@code [--mqtt URI] [--messages N] [--runs R]}.
 */
public final class IngestBenchmark {
    /** Static: the job runs in this JVM, and functions are copied into it by serialisation. */
    static final AtomicLong READINGS = new AtomicLong();
    static final AtomicLong REJECTED = new AtomicLong();
    /** A VS133 uplink of the example site decodes into four readings: two lines, period and total. */
    static final int READINGS_PER_MESSAGE = 4;

    public static void main(String[] args) throws Exception {
        String mqtt = Benchmarks.arg(args, "--mqtt", "tcp://127.0.0.1:1883");
        int messages = Integer.parseInt(Benchmarks.arg(args, "--messages", "50000"));
        int runs = Integer.parseInt(Benchmarks.arg(args, "--runs", "5"));
        SiteModel site = SiteModel.example();

        List<SimulatedMessage> traffic = new ArrayList<>(messages);
        Simulation sim = new Simulation(site, 1, LocalDate.of(2026, 1, 5).atStartOfDay(site.timezone()).toInstant());
        while (traffic.size() < messages) {
            traffic.addAll(sim.nextMinute());
        }
        traffic = traffic.subList(0, messages);
        System.out.printf("ingest benchmark: %d TTN v3 uplinks (Milesight VS133) per run, QoS 1, broker %s, %d runs%n",
                messages, mqtt, runs);

        double[] rates = new double[runs];
        for (int r = 0; r < runs; r++) {
            rates[r] = run(site, mqtt, traffic);
        }
        System.out.printf("median: %.0f messages/s through source + decode (runs: %s)%n", Benchmarks.median(rates),
                Arrays.toString(Arrays.stream(rates).mapToLong(Math::round).toArray()));
        System.exit(0);
    }

    private static double run(SiteModel site, String mqtt, List<SimulatedMessage> traffic) throws Exception {
        String id = "footfall-bench-" + UUID.randomUUID().toString().substring(0, 8);
        var builder = MqttSource.builder().serverUri(mqtt).clientIdPrefix(id).sessionExpiry(Duration.ofMinutes(1));
        Topics.forSite(site).forEach(builder::topicFilter);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.enableCheckpointing(1000);
        var decoded = env.fromSource(builder.build(), WatermarkStrategy.noWatermarks(), "mqtt").process(new DecodeFunction(site));
        decoded.filter(r -> READINGS.incrementAndGet() < 0).sinkTo(new DiscardingSink<>());
        decoded.getSideOutput(DecodeFunction.REJECTED).filter(r -> REJECTED.incrementAndGet() < 0).sinkTo(new DiscardingSink<>());
        JobClient job = env.executeAsync("ingest-benchmark");
        try (MqttPublisher publisher = new MqttPublisher(mqtt, id + "-pub")) {
            // Probe until the subscription is live, then measure from a clean count.
            long before = REJECTED.get();
            while (REJECTED.get() == before) {
                publisher.publish(new SimulatedMessage(Instant.now(), "v3/bench@ttn/devices/probe/up", "{}".getBytes()));
                publisher.flush();
                Thread.sleep(200);
            }
            Thread.sleep(500);
            long target = READINGS.get() + (long) READINGS_PER_MESSAGE * traffic.size();
            long t0 = System.nanoTime();
            for (SimulatedMessage m : traffic) {
                publisher.publish(m);
            }
            double publishSeconds = (System.nanoTime() - t0) / 1e9;
            while (READINGS.get() < target) {
                Thread.sleep(5);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            double rate = traffic.size() / seconds;
            System.out.printf("  run: %d messages in %.2f s = %.0f msg/s (publisher alone %.0f msg/s)%n",
                    traffic.size(), seconds, rate, traffic.size() / publishSeconds);
            return rate;
        } finally {
            job.cancel().get();
            TestBroker.discardSession(mqtt, id + "-0");
        }
    }
}
