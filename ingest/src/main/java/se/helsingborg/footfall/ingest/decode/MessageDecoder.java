package se.helsingborg.footfall.ingest.decode;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import se.helsingborg.footfall.ingest.codec.CodecException;
import se.helsingborg.footfall.ingest.codec.Decoded;
import se.helsingborg.footfall.ingest.codec.DeviceCodec;
import se.helsingborg.footfall.ingest.codec.DeviceCodecs;
import se.helsingborg.footfall.ingest.codec.UplinkContext;
import se.helsingborg.footfall.ingest.envelope.EnvelopeException;
import se.helsingborg.footfall.ingest.envelope.Envelope;
import se.helsingborg.footfall.ingest.envelope.Envelopes;
import se.helsingborg.footfall.ingest.envelope.Uplink;
import se.helsingborg.footfall.ingest.presence.PresenceTokens;
import se.helsingborg.footfall.ingest.reading.Reading;
import se.helsingborg.footfall.ingest.site.Device;
import se.helsingborg.footfall.ingest.site.SiteModel;
import se.helsingborg.footfall.ingest.source.RawMessage;

/**
 * Turns one MQTT message into readings: the topic chooses the envelope (The Things Stack v3,
 * ChirpStack v4 or v3, Footfall's own JSON), the envelope names the
 * device, the site model gives the device's model, and the model's codec reads the bytes. Every
 * way this can fail ends in a {@link MessageRejectedException} whose message says why.
 *
 * <p>A message whose times lie further ahead of its reception than {@code futureTolerance} is
 * rejected too: a device with a wrong clock would otherwise push event time, and with it every
 * window, into the future. Reception is the network server's time (or, for envelopes without one,
 * Footfall's), never the wall clock, so recorded and accelerated messages whose times all run
 * ahead of today together still pass.
 */
public final class MessageDecoder implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Far more than any clock drift or time zone mistake, far less than a wrong year. */
    public static final Duration DEFAULT_FUTURE_TOLERANCE = Duration.ofDays(1);

    private final SiteModel site;
    private final Duration futureTolerance;
    private final PresenceTokens tokens;

    public MessageDecoder(SiteModel site) {
        this(site, DEFAULT_FUTURE_TOLERANCE);
    }

    /** Presence tokens keyed by {@code FOOTFALL_TOKEN_SECRET} in the site's time zone (see {@link PresenceTokens}). */
    public MessageDecoder(SiteModel site, Duration futureTolerance) {
        this(site, futureTolerance, PresenceTokens.fromEnvironment(site.timezone()));
    }

    public MessageDecoder(SiteModel site, Duration futureTolerance, PresenceTokens tokens) {
        if (futureTolerance.isNegative()) {
            throw new IllegalArgumentException("the tolerance for times in the future cannot be negative: " + futureTolerance);
        }
        this.site = site;
        this.futureTolerance = futureTolerance;
        this.tokens = tokens;
    }

    public DecodedMessage decode(RawMessage message) throws MessageRejectedException {
        if (AnchorMessage.isAnchorTopic(message.topic())) {
            return anchor(message);
        }
        Envelope envelope = Envelopes.forTopic(message.topic())
                .orElseThrow(() -> new MessageRejectedException(RejectReason.UNKNOWN_TOPIC, "no envelope reads topic " + message.topic()));
        Uplink uplink = unwrap(envelope, message);
        try {
            return decode(message, envelope, uplink);
        } catch (MessageRejectedException e) {
            throw envelope.stampsReception() ? e.stampedAt(uplink.receivedAt()) : e;
        }
    }

    private DecodedMessage decode(RawMessage message, Envelope envelope, Uplink uplink) throws MessageRejectedException {
        Device device = site.device(uplink.deviceId())
                .orElseThrow(() -> new MessageRejectedException(RejectReason.UNKNOWN_DEVICE, "unknown device " + uplink.deviceId()
                        + " (not in the site file)"));
        if (!device.envelope().equals(uplink.envelope())) {
            throw new MessageRejectedException(RejectReason.WRONG_ENVELOPE, "device " + device.id() + " is registered for envelope "
                    + device.envelope() + " but arrived as " + uplink.envelope());
        }
        DeviceCodec codec = DeviceCodecs.forModel(device.model())
                .orElseThrow(() -> new MessageRejectedException(RejectReason.UNKNOWN_MODEL, "no codec for model " + device.model()
                        + " of device " + device.id()));
        if (!codec.acceptsPort(uplink.fPort())) {
            throw new MessageRejectedException(RejectReason.WRONG_PORT, "device " + device.id() + " sent on port " + uplink.fPort()
                    + "; " + codec.model() + " reports on port " + codec.fPort());
        }
        Decoded decoded;
        try {
            decoded = codec.decode(uplink.payload(), new UplinkContext(
                    device, uplink.fPort(), uplink.fCnt(), uplink.receivedAt(), uplink.receivedAt(), tokens));
        } catch (CodecException | RuntimeException e) {
            throw new MessageRejectedException(RejectReason.BAD_PAYLOAD, codec.model() + " payload: " + e.getMessage());
        }
        Instant received = envelope.stampsReception() ? uplink.receivedAt() : message.receivedAt();
        rejectFutureTime(uplink.receivedAt(), received);
        for (Reading r : decoded.readings()) {
            rejectFutureTime(r.eventTime(), received);
        }
        return new DecodedMessage(message.topic(), uplink.envelope(), device.id(), device.model(),
                uplink.fPort(), uplink.fCnt(), uplink.receivedAt(), decoded.fields(), decoded.readings());
    }

    /** A manual recount: no envelope, no device, one reading with the recount. */
    private DecodedMessage anchor(RawMessage message) throws MessageRejectedException {
        Reading r = AnchorMessage.decode(site, message.topic(), message.payload(), message.receivedAt());
        rejectFutureTime(r.eventTime(), message.receivedAt());
        return new DecodedMessage(message.topic(), "anchor", r.deviceId(), "anchor", 0, r.frameCounter(), r.eventTime(),
                java.util.Map.of("zone", r.anchor().zoneId(), "count", r.anchor().count()), java.util.List.of(r));
    }

    private void rejectFutureTime(Instant time, Instant received) throws MessageRejectedException {
        if (time.isAfter(received.plus(futureTolerance))) {
            throw new MessageRejectedException(RejectReason.FUTURE_TIME, "time " + time + " is "
                    + Duration.between(received, time) + " ahead of the message's reception at " + received
                    + " (tolerated: " + futureTolerance + ")");
        }
    }

    private Uplink unwrap(Envelope envelope, RawMessage message) throws MessageRejectedException {
        try {
            return envelope.parse(message.topic(), message.payload(), message.receivedAt());
        } catch (EnvelopeException e) {
            throw new MessageRejectedException(RejectReason.BAD_ENVELOPE, envelope.name() + ": " + e.getMessage());
        }
    }
}
