package se.helsingborg.footfall.ingest.reading;

/** Indoor climate where a sensor hangs; each value null when the sensor does not measure it. */
public record Environment(Double co2Ppm, Double temperatureC, Double humidityPct) {}
