package se.helsingborg.footfall.storage.sink;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ResultSinksTest {
    @Test
    void rejectedPayloadsAreStoredAsTextWhenTheyAreTextAndAsBase64WhenNot() {
        assertThat(ResultSinks.payloadText("{\"a\":1}".getBytes())).isEqualTo("{\"a\":1}");
        assertThat(ResultSinks.payloadText(new byte[] {0, (byte) 0xFF, 3})).isEqualTo("base64:AP8D");
        assertThat(ResultSinks.payloadText("a\0b".getBytes())).startsWith("base64:");
        assertThat(ResultSinks.payloadText("base64:looks-encoded".getBytes())).startsWith("base64:YmFzZTY0");
    }
}
