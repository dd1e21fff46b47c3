package se.helsingborg.footfall.ingest.source.reader;

import se.helsingborg.footfall.ingest.source.RawMessage;

/**
 * A message as the MQTT client handed it over, with what is needed to acknowledge it later:
 * its packet id, QoS, and the connection it arrived on (packet ids mean nothing on another one).
 */
record MqttDelivery(RawMessage message, int messageId, int qos, long connection) {}
