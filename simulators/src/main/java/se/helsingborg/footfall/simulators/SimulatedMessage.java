package se.helsingborg.footfall.simulators;

import java.time.Instant;

/** An MQTT message a simulated device sends at {@code time} (simulated time). */
public record SimulatedMessage(Instant time, String topic, byte[] payload) {}
