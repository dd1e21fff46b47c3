package se.helsingborg.footfall.simulators;

import java.time.Instant;

/** One person ({@code visitor}) walking through a gate: {@code in} is the gate's from → to direction. */
public record GateCrossing(Instant time, String gateId, boolean in, int visitor) {}
