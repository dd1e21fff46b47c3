package se.helsingborg.footfall.jobs.health;

import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;

/**
 * A keyed two-input operator whose event time is its first input's alone. The second input
 * (rejected messages) comes from before the job assigns event time, so it has no watermarks, and
 * rejects are rare: letting it take part would hold the device-health clock, and with it every
 * offline deadline, at the start of time. Its watermarks are ignored and it counts as done.
 */
public final class ReadingsClockOperator<K, IN1, IN2, OUT> extends KeyedCoProcessOperator<K, IN1, IN2, OUT> {
    public ReadingsClockOperator(KeyedCoProcessFunction<K, IN1, IN2, OUT> function) {
        super(function);
    }

    @Override
    public void open() throws Exception {
        super.open();
        combinedWatermark.updateWatermark(1, Long.MAX_VALUE);
    }

    @Override
    public void processWatermark2(Watermark mark) {
        // the readings' watermarks alone move this operator's time
    }
}
