package se.helsingborg.footfall.ingest.codec;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The device models Footfall can read, by model id. */
public final class DeviceCodecs {
    private static final Map<String, DeviceCodec> BY_MODEL = List.<DeviceCodec>of(
                    new MilesightVs133Codec(), new MilesightVs135Codec(), new MilesightVs350Codec(), new MilesightVs121Codec(),
                    new MilesightWs202Codec(), MilesightAm300Codec.am307(), MilesightAm300Codec.am319(),
                    ElsysErsCodec.ers(), ElsysErsCodec.ersCo2(), ElsysErsCodec.ersEye(),
                    new ImbuildingsPeopleCounterCodec(), TerabeePeopleFlowCodec.m(), TerabeePeopleFlowCodec.lxl(),
                    new BrowanTbms100Codec(), new FootfallJsonCodec())
            .stream()
            .collect(Collectors.toUnmodifiableMap(DeviceCodec::model, Function.identity()));

    private DeviceCodecs() {}

    public static Optional<DeviceCodec> forModel(String model) {
        return Optional.ofNullable(BY_MODEL.get(model));
    }

    public static java.util.Set<String> models() {
        return BY_MODEL.keySet();
    }
}
