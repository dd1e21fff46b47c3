package se.helsingborg.footfall.storage.results;

import java.lang.reflect.Type;
import java.time.LocalDate;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.LocalTimeTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/** Has Flink serialise a {@link LocalDate} field with its own date serializer instead of Kryo. */
public final class LocalDateInfo extends TypeInfoFactory<LocalDate> {
    @Override
    public TypeInformation<LocalDate> createTypeInfo(Type t, Map<String, TypeInformation<?>> genericParameters) {
        return LocalTimeTypeInfo.LOCAL_DATE;
    }
}
