package dev.airlock.proxy.lexer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LexerTest {

    /** Tokens as "TYPE:value" separated by spaces, for compact expectations. */
    private static String tokens(String sql, boolean standardConformingStrings) {
        return Lexer.tokenize(sql, standardConformingStrings).stream()
                .map(token -> token.type().name().charAt(0) + token.type().name().substring(1, 3).toLowerCase() + ":" + token.value())
                .collect(Collectors.joining(" "));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '¦', quoteCharacter = '~', textBlock = """
            SELECT 1                            ¦ Ide:select Num:1
            Select "MiXed" FROM T               ¦ Ide:select Quo:MiXed Ide:from Ide:t
            SELECT 'it''s'                      ¦ Ide:select Str:it's
            SELECT E'a\\'b'                     ¦ Ide:select Str:a\\'b
            SELECT $$a;b$$, $x$a$$b$x$          ¦ Ide:select Str:a;b Pun:, Str:a$$b
            SELECT $1, $23                      ¦ Ide:select Par:$1 Pun:, Par:$23
            SELECT a$b$ FROM t                  ¦ Ide:select Ide:a$b$ Ide:from Ide:t
            SELECT /* a /* b */ c */ 1          ¦ Ide:select Num:1
            SELECT 1 -- comment                 ¦ Ide:select Num:1
            SELECT x::int, 1.5e3, .5, 1..2      ¦ Ide:select Ide:x Typ::: Ide:int Pun:, Num:1.5e3 Pun:, Num:.5 Pun:, Num:1 Dot:.. Num:2
            SELECT a<=b, a>=b, a<>b, a!=b       ¦ Ide:select Ide:a Les:<= Ide:b Pun:, Ide:a Gre:>= Ide:b Pun:, Ide:a Not:<> Ide:b Pun:, Ide:a Not:!= Ide:b
            SELECT a||b, a->>'k', a @> b        ¦ Ide:select Ide:a Ope:|| Ide:b Pun:, Ide:a Ope:->> Str:k Pun:, Ide:a Ope:@> Ide:b
            SELECT 1=-1, a*-b                   ¦ Ide:select Num:1 Pun:= Pun:- Num:1 Pun:, Ide:a Pun:* Pun:- Ide:b
            SELECT a @- b, a ?- b               ¦ Ide:select Ide:a Ope:@- Ide:b Pun:, Ide:a Ope:?- Ide:b
            SELECT a*/*c*/b                     ¦ Ide:select Ide:a Pun:* Ide:b
            SELECT a+--c\\nb                    ¦ Ide:select Ide:a Pun:+ Ide:b
            SELECT B'0101', X'ff', N'n'         ¦ Ide:select Bit:0101 Pun:, Bit:ff Pun:, Str:n
            SELECT U&'d\\0061t' UESCAPE '!'      ¦ Ide:select Str:d\\0061t Ide:uescape Str:!
            SELECT U&"d!0061t" UESCAPE '!'      ¦ Ide:select Quo:d!0061t Ide:uescape Str:!
            SELECT x := 1, f(a => 2)            ¦ Ide:select Ide:x Col::= Num:1 Pun:, Ide:f Pun:( Ide:a Equ:=> Num:2 Pun:)
            SELECT äBC, "ünï"                   ¦ Ide:select Ide:äbc Pun:, Quo:ünï
            SELECT 0x1F, 1_000                  ¦ Ide:select Num:0x1F Pun:, Num:1_000
            """)
    void scansLikePostgres(String sql, String expected) {
        assertThat(tokens(sql.replace("\\n", "\n"), true)).isEqualTo(expected.strip());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
            SELECT 'a\\' ; DELETE FROM t; --'   | true  | 2
            SELECT 'a\\' ; DELETE FROM t; --'   | false | 1
            SELECT E'\\'' ; DELETE FROM t; --'  | true  | 2
            SELECT E'\\\\' ; DELETE FROM t; --'  | true  | 2
            SELECT `a; DELETE FROM t; --`       | true  | 2
            SELECT $$ ; DELETE FROM t; $$       | true  | 1
            SELECT $a$ ; DROP TABLE t; $a$      | true  | 1
            SELECT /* /* n */ ; DELETE FROM t; */ 1 | true | 1
            SELECT 1 -- x\\r; DELETE FROM t     | true  | 2
            SELECT "a""; DELETE FROM t; --"     | true  | 1
            SELECT ';'; SELECT 2                | true  | 2
            SELECT 1;;; SELECT 2;               | true  | 2
            ;                                   | true  | 0
            SELECT (1; 2)                       | true  | 1
            CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT 2; END; SELECT 3 | true | 2
            CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT CASE WHEN true THEN 1 END; END; SELECT 3 | true | 2
            CREATE OR REPLACE PROCEDURE p() LANGUAGE sql BEGIN ATOMIC SELECT 1; END; SELECT 3 | true | 2
            """)
    void splitsStatementsWhereThePostgresScannerDoes(String sql, boolean standardConformingStrings, int count) {
        String text = sql.replace("\\r", "\r");
        assertThat(StatementSplitter.split(text, standardConformingStrings)).hasSize(count);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
            SELECT 'open                | unterminated quoted string
            SELECT E'open\\'            | unterminated quoted string
            SELECT "open                | unterminated quoted identifier
            SELECT ""                   | zero-length delimited identifier
            SELECT /* open              | unterminated /* comment
            SELECT $x$ open             | unterminated dollar-quoted string
            SELECT 123abc               | trailing junk after numeric literal
            SELECT $1abc                | trailing junk after numeric literal
            SELECT 1e                   | trailing junk after numeric literal
            SELECT \\x                  | syntax error at or near
            SELECT {1}                  | syntax error at or near
            """)
    void rejectsWhatThePostgresScannerRejects(String sql, String message) {
        assertThatThrownBy(() -> Lexer.tokenize(sql, true)).isInstanceOf(LexException.class).hasMessageContaining(message);
    }

    @org.junit.jupiter.api.Test
    void unicodeEscapesAreUnsafeWithoutStandardConformingStrings() {
        assertThatThrownBy(() -> Lexer.tokenize("SELECT U&'x'", false)).hasMessageContaining("unsafe use of string constant");
    }

    @org.junit.jupiter.api.Test
    void adjacentStringsAcrossANewlineAreOneLiteral() {
        List<Token> tokens = Lexer.tokenize("SELECT 'a'\n  -- c\n 'b', 'c' 'd'", true);
        assertThat(tokens).extracting(Token::value).containsExactly("select", "ab", ",", "c", "d");
    }

    @org.junit.jupiter.api.Test
    void longNamesAreTruncatedTo63BytesWithoutSplittingCharacters() {
        String name = "a".repeat(62) + "é" + "b";
        assertThat(Lexer.tokenize(name, true).get(0).value()).isEqualTo("a".repeat(62));
        assertThat(Lexer.tokenize("f_write" + "x".repeat(70), true).get(0).value()).hasSize(63);
    }

    @org.junit.jupiter.api.Test
    void statementTextKeepsCommentsInsideAndDropsTheSeparator() {
        List<SqlStatement> statements = StatementSplitter.split("  /*a*/ SELECT /*b*/ 1 ; SELECT 2", true);
        assertThat(statements).extracting(SqlStatement::text).containsExactly("SELECT /*b*/ 1", "SELECT 2");
    }
}
