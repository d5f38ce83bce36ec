package dev.ssobundle.themes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every string the theme adds exists in each of its languages. */
class ThemeMessagesTest {

    private static Properties messages(String locale) throws IOException {
        String path = "/theme/sso-bundle/login/messages/messages_" + locale + ".properties";
        try (InputStream in = ThemeMessagesTest.class.getResourceAsStream(path)) {
            assertThat(in).as(path).isNotNull();
            Properties properties = new Properties();
            // Keycloak reads theme messages as UTF-8.
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            return properties;
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"fr", "ru"})
    void translationHasExactlyTheEnglishKeys(String locale) throws IOException {
        Properties english = messages("en");
        Properties translated = messages(locale);

        assertThat(translated.stringPropertyNames()).containsExactlyInAnyOrderElementsOf(english.stringPropertyNames());
        translated.forEach((key, value) -> assertThat(value.toString()).as(locale + ":" + key).isNotBlank());
    }
}
