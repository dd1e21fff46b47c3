package se.helsingborg.footfall.ingest.reading;

/**
 * How a device is doing: battery and radio signal, each null when not reported. Some models report
 * their battery in percent, others only its voltage; the health view shows whichever is there.
 */
public record DeviceStatus(Integer batteryPercent, Integer batteryMillivolts, Double rssiDbm, Double snrDb) {

    public DeviceStatus(Integer batteryPercent, Double rssiDbm, Double snrDb) {
        this(batteryPercent, null, rssiDbm, snrDb);
    }

    public static DeviceStatus battery(int percent) {
        return new DeviceStatus(percent, null, null, null);
    }
}
