package se.helsingborg.footfall.ingest.reading;

/**
 * Indoor climate where a sensor hangs; each value null when the sensor does not measure it. Only
 * the values planners compare across models are here; a model's other measurements (TVOC,
 * particulates, …) stay in its vendor-named fields.
 */
public record Environment(
        Double co2Ppm, Double temperatureC, Double humidityPct, Double illuminanceLux, Double pressureHpa) {

    /** CO₂, temperature and humidity only: what most climate sensors send. */
    public Environment(Double co2Ppm, Double temperatureC, Double humidityPct) {
        this(co2Ppm, temperatureC, humidityPct, null, null);
    }
}
