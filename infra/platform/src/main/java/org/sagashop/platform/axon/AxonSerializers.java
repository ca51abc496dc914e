package org.sagashop.platform.axon;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.axonframework.serialization.json.JacksonSerializer;

/**
 * The serializer of everything Axon stores or sends. It has its own {@link ObjectMapper}, so a
 * change to the web layer's JSON settings can never change how stored events are read.
 */
public final class AxonSerializers {

  private AxonSerializers() {}

  public static ObjectMapper objectMapper() {
    return JsonMapper.builder()
        .addModule(new JavaTimeModule())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
        .build();
  }

  public static JacksonSerializer jackson() {
    return JacksonSerializer.builder()
        .objectMapper(objectMapper())
        .lenientDeserialization()
        .build();
  }
}
