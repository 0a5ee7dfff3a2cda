package dev.airlock.sandbox.sql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IdentifiersTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "film         | film",
        "Film         | \"Film\"",
        "user         | \"user\"",
        "order_id     | order_id",
        "has space    | \"has space\"",
        "`a\"b`       | \"a\"\"b\"",
        "1st          | \"1st\"",
        "name         | name",
    })
    void quotesLikeQuoteIdent(String identifier, String quoted) {
        assertThat(Identifiers.quote(identifier)).isEqualTo(quoted);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {"it's | 'it''s'", "back\\slash | 'back\\slash'"})
    void literalsDoubleQuotesOnly(String value, String literal) {
        assertThat(Identifiers.literal(value)).isEqualTo(literal);
    }
}
