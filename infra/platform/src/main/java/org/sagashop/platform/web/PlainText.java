package org.sagashop.platform.web;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.KeyDeserializer;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;

/**
 * Text in a request body is plain text: no control character (C0, DEL, C1) and no bidirectional
 * embedding, override or isolate. Such characters have no business in a name, an address or a
 * description; they hide text, reorder what a reader sees (a file name or an order line that reads
 * differently from what it is), break logs, and U+0000 cannot even be stored in a PostgreSQL text
 * column. Every text a client sends passes through here, whatever the field, so no field can forget
 * the check. Line breaks and tabs are control characters too: no field of this API is multi-line.
 */
final class PlainText {

  private PlainText() {}

  static SimpleModule module() {
    SimpleModule module = new SimpleModule("sagashop-plain-text");
    module.addDeserializer(String.class, new Values());
    module.addKeyDeserializer(String.class, new Keys());
    return module;
  }

  /** The first character that is not plain text, or -1. */
  static int firstForbidden(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (isForbidden(text.charAt(i))) {
        return i;
      }
    }
    return -1;
  }

  static boolean isForbidden(char c) {
    return Character.getType(c) == Character.CONTROL
        || (c >= '\u202A' && c <= '\u202E')
        || (c >= '\u2066' && c <= '\u2069');
  }

  private static String checked(String text, JsonParser parser) throws JsonMappingException {
    if (text == null) {
      return null;
    }
    int at = firstForbidden(text);
    if (at >= 0) {
      throw new ControlCharacterException(parser, text.charAt(at));
    }
    return text;
  }

  /** A text that is not plain text; the message names the character, never the text. */
  static final class ControlCharacterException extends JsonMappingException {

    ControlCharacterException(JsonParser parser, char character) {
      super(
          parser,
          String.format(
              "contains the control character U+%04X; text may not contain control characters"
                  + " (C0, DEL, C1) or bidirectional overrides",
              (int) character));
    }
  }

  private static final class Values extends StdScalarDeserializer<String> {

    Values() {
      super(String.class);
    }

    @Override
    public String deserialize(JsonParser parser, DeserializationContext context)
        throws IOException {
      return checked(StringDeserializer.instance.deserialize(parser, context), parser);
    }
  }

  private static final class Keys extends KeyDeserializer {

    @Override
    public Object deserializeKey(String key, DeserializationContext context)
        throws JsonMappingException {
      return checked(key, context.getParser());
    }
  }
}
