package se.helsingborg.footfall.ingest.source.reader;

import se.helsingborg.footfall.ingest.source.RawMessage;

/**
 * A message as the MQTT client handed it over, with what is needed to acknowledge it later:
 * its packet id, QoS, the connection it arrived on (packet ids mean nothing on another one), and
 * {@link System#nanoTime()} at its arrival (for the acknowledgement lag; the message's own
 * received time is wall-clock and may step).
 */
record MqttDelivery(RawMessage message, int messageId, int qos, long connection, long arrivedNanos) {}
