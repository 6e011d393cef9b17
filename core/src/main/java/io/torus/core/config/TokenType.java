package io.torus.core.config;

/** The kinds of token {@link ConfigLexer} produces. */
enum TokenType {
    /** A lexical error; the token text is the reason. Always the last token. */
    ERROR,
    /** End of input. Always the last token of a well-formed input. */
    EOF,
    KEY,
    /** A string value: quoted, unquoted, a {@code ( ... )} block, an IP address or {@code host:port}. */
    STRING,
    BOOLEAN,
    /** An integer, possibly with a size suffix ({@code 1k}, {@code 1GB}); converted by the parser. */
    INTEGER,
    FLOAT,
    /** An ISO 8601 Zulu date-time, {@code 2016-05-04T18:53:41Z}. */
    DATETIME,
    ARRAY_START,
    ARRAY_END,
    MAP_START,
    MAP_END,
    /** A comment; the text is what follows {@code #} or {@code //}. The parser ignores it. */
    COMMENT,
    /** A {@code $NAME} reference; the text is the name without the dollar sign. */
    VARIABLE,
    /** An {@code include} directive; the text is the path as written. */
    INCLUDE
}
