package se.helsingborg.footfall.ingest.reading;

/** How a device is doing: battery in percent and radio signal, each null when not reported. */
public record DeviceStatus(Integer batteryPercent, Double rssiDbm, Double snrDb) {}
