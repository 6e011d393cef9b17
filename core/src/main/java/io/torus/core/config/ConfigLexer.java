package io.torus.core.config;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;

/**
 * Splits NATS configuration text into {@link Token}s, accepting exactly the language of the Go server's
 * {@code conf/lex.go}.
 *
 * <p>The lexer is a state machine: each state reads some input, may emit tokens, and names the next
 * state. Values can appear at the top level, inside a {@code { }} map, an {@code [ ]} array or a
 * top-level {@code { }} block (JSON-like files), and what may follow a value differs in each of them,
 * so the state that continues after a value is pushed on a stack before the value is lexed and popped
 * when it is done. The quirks of the Go lexer are kept on purpose, because a configuration file must
 * mean the same thing to both servers; the comments point them out.
 *
 * <p>Tokens are pulled one at a time with {@link #next()}; after an {@link TokenType#ERROR} or
 * {@link TokenType#EOF} token the same token is returned again.
 */
final class ConfigLexer {

    /** One step of the state machine; returns the next state, or null once lexing is over. */
    @FunctionalInterface
    private interface State {
        State run();
    }

    /** Returned by {@link #read()} at the end of input. Like in Go, a NUL character reads the same. */
    private static final int EOF = 0;

    private final String text;
    private final LineIndex lines;
    private final Deque<State> stack = new ArrayDeque<>();
    private final Deque<Token> pending = new ArrayDeque<>();
    /** Offsets of the '{' of the maps being lexed, to say which one an unexpected EOF left open. */
    private final Deque<Integer> openMaps = new ArrayDeque<>();
    private final EscapedText escaped = new EscapedText();

    private State state = this::top;
    private Token last;

    /** Offset of the next character to read. */
    private int pos;
    /** Start of the text of the token being lexed. */
    private int start;
    /** Where the token being lexed is reported to start (may precede {@link #start}, e.g. a quote). */
    private int tokenStart;
    /** Length in chars of the last code point read, so that {@link #backup()} can undo it. */
    private int width;
    /** Where the last code point read starts: errors point at the character that was not expected. */
    private int lastRead;
    /** The string state to return to after an escape sequence: double-quoted or unquoted. */
    private State stringState;

    ConfigLexer(String text, String source) {
        this.text = text;
        this.lines = new LineIndex(source, text);
    }

    /** The next token; {@link TokenType#EOF} or {@link TokenType#ERROR} forever once the input is done. */
    Token next() {
        while (pending.isEmpty()) {
            if (state == null) {
                return last;
            }
            state = state.run();
        }
        Token token = pending.poll();
        if (token.type() == TokenType.EOF || token.type() == TokenType.ERROR) {
            last = token;
            state = null;
            pending.clear();
        }
        return token;
    }

    // ---------------------------------------------------------------- reading

    private int read() {
        lastRead = pos;
        if (pos >= text.length()) {
            width = 0;
            return EOF;
        }
        int r = text.codePointAt(pos);
        width = Character.charCount(r);
        pos += width;
        return r;
    }

    /** Steps back over the last code point read; at most once per {@link #read()}. */
    private void backup() {
        pos -= width;
    }

    private int peek() {
        int r = read();
        backup();
        return r;
    }

    /** Drops the input read so far: the next token starts here. */
    private void ignore() {
        start = pos;
        tokenStart = pos;
    }

    /** After a '/', reads a second one; if it is not there, puts back what was read instead. */
    private boolean secondSlash() {
        if (read() == '/') {
            return true;
        }
        backup();
        return false;
    }

    // ---------------------------------------------------------------- emitting

    private void emit(TokenType type) {
        String raw = text.substring(start, pos);
        String value = escaped.isEmpty() ? raw : escaped.finish(raw);
        pending.add(new Token(type, value, lines.positionOf(tokenStart)));
        if (type == TokenType.MAP_START) {
            openMaps.push(tokenStart);
        } else if (type == TokenType.MAP_END && !openMaps.isEmpty()) {
            openMaps.pop();
        }
        start = pos;
        tokenStart = pos;
    }

    private State error(String reason) {
        pending.add(new Token(TokenType.ERROR, reason, lines.positionOf(lastRead)));
        return null;
    }

    private void push(State next) {
        stack.push(next);
    }

    private State pop() {
        if (stack.isEmpty()) {
            return error("BUG in lexer: no states to pop.");
        }
        return stack.pop();
    }

    /** Input ended where a new item could start: fine if nothing is pending, an error otherwise. */
    private State endOfInput() {
        if (pos > start) {
            return error("Unexpected EOF.");
        }
        emit(TokenType.EOF);
        return null;
    }

    /** Like {@link #endOfInput()} inside a quoted value, naming where the quote was opened. */
    private State endOfInputInString() {
        if (pos > start) {
            return error("Unexpected EOF. (the string starting at " + lineAndColumn(tokenStart)
                    + " is not closed)");
        }
        emit(TokenType.EOF);
        return null;
    }

    private String lineAndColumn(int offset) {
        ConfigPosition p = lines.positionOf(offset);
        return p.line() + ":" + p.column();
    }

    // ---------------------------------------------------------------- top level

    private State top() {
        int r = read();
        if (isSpace(r)) {
            ignore();
            return this::top;
        }
        switch (r) {
            case '{':
                // A file wrapped in braces, JSON style: its keys still belong to the top level.
                push(this::top);
                ignore();
                return this::blockStart;
            case '#':
                return comment(this::top, 1);
            case '/':
                if (secondSlash()) {
                    return comment(this::top, 2);
                }
                // A lone '/' where a key should start: Go reports it as an unexpected EOF.
                return endOfInput();
            case EOF:
                return endOfInput();
            default:
                backup();
                push(this::topValueEnd);
                return this::keyStart;
        }
    }

    private State topValueEnd() {
        while (true) {
            int r = read();
            if (r == '#') {
                return comment(this::top, 1);
            }
            if (r == '/') {
                if (secondSlash()) {
                    return comment(this::top, 2);
                }
                continue; // Go skips a lone '/' after a value like a blank
            }
            if (isWhitespace(r)) {
                continue;
            }
            if (isNewline(r) || r == EOF || r == ';' || r == ',' || r == '}') {
                ignore();
                return this::top;
            }
            return error("Expected a top-level value to end with a new line, comment or EOF, but got '"
                    + describe(r) + "' instead.");
        }
    }

    // ---------------------------------------------------------------- top-level { } blocks

    private State blockStart() {
        int r = read();
        if (isSpace(r)) {
            ignore();
            return this::blockStart;
        }
        switch (r) {
            case '{':
                push(this::blockEnd);
                ignore();
                return this::blockStart;
            case '}':
                ignore();
                return pop();
            case '#':
                return comment(this::blockStart, 1);
            case '/':
                if (secondSlash()) {
                    return comment(this::blockStart, 2);
                }
                return endOfInput();
            case EOF:
                return endOfInput();
            default:
                backup();
                push(this::blockValueEnd);
                return this::keyStart;
        }
    }

    private State blockValueEnd() {
        while (true) {
            int r = read();
            if (r == '#') {
                return comment(this::blockValueEnd, 1);
            }
            if (r == '/') {
                if (secondSlash()) {
                    return comment(this::blockValueEnd, 2);
                }
                continue;
            }
            if (isWhitespace(r)) {
                continue;
            }
            if (isNewline(r) || r == ';' || r == ',') {
                ignore();
                return this::blockStart;
            }
            if (r == '}') {
                backup();
                return this::blockEnd;
            }
            return error("Expected a block-level value to end with a new line, comment or EOF, but got '"
                    + describe(r) + "' instead.");
        }
    }

    private State blockEnd() {
        while (true) {
            int r = read();
            if (r == '#') {
                return comment(this::blockStart, 1);
            }
            if (r == '/') {
                if (secondSlash()) {
                    return comment(this::blockStart, 2);
                }
                continue;
            }
            if (isNewline(r) || isWhitespace(r)) {
                continue;
            }
            if (r == ';' || r == ',') {
                ignore();
                return this::blockStart;
            }
            if (r == '}') {
                ignore();
                return pop();
            }
            return error("Expected a block-level to end with a '}', but got '" + describe(r) + "' instead.");
        }
    }

    // ---------------------------------------------------------------- keys (top level and blocks)

    private State keyStart() {
        while (true) {
            int r = peek();
            if (isKeySeparator(r)) {
                return error("Unexpected key separator '" + describe(r) + "'");
            }
            if (isSpace(r)) {
                read();
                ignore();
                continue;
            }
            if (r == '"' || r == '\'') {
                read();
                ignore();
                tokenStart = pos - 1;
                return topQuotedKey(r);
            }
            ignore();
            read();
            return this::key;
        }
    }

    private State topQuotedKey(int quote) {
        return () -> {
            while (true) {
                int r = peek();
                if (r == quote) {
                    emit(TokenType.KEY);
                    read();
                    ignore();
                    return this::keyEnd;
                }
                if (r == EOF) {
                    return endOfInput();
                }
                read();
            }
        };
    }

    private State key() {
        while (true) {
            int r = peek();
            if (isSpace(r)) {
                // A blank after the first word: it may be the keyword "include".
                return keywordOrKey(this::keyEnd, null);
            }
            if (isKeySeparator(r) || r == EOF) {
                emit(TokenType.KEY);
                return this::keyEnd;
            }
            read();
        }
    }

    private State keyEnd() {
        while (true) {
            int r = read();
            if (isSpace(r)) {
                // New lines too: in Go "foo\n bar" is the key foo with the value bar.
                ignore();
                continue;
            }
            if (isKeySeparator(r)) {
                ignore();
                return this::value;
            }
            if (r == EOF) {
                emit(TokenType.EOF);
                return null;
            }
            backup();
            return this::value;
        }
    }

    /** Ends a key followed by a blank, unless the key is the word {@code include} (any case). */
    private State keywordOrKey(State afterKey, State afterInclude) {
        String word = text.substring(start, pos).toLowerCase(Locale.ROOT);
        if (word.equals("include")) {
            ignore();
            if (afterInclude != null) {
                push(afterInclude);
            }
            return this::includeStart;
        }
        emit(TokenType.KEY);
        return afterKey;
    }

    // ---------------------------------------------------------------- include

    private State includeStart() {
        while (isWhitespace(read())) {
            ignore();
        }
        backup();
        return this::include;
    }

    private State include() {
        int r = read();
        switch (r) {
            case '\'':
                ignore();
                tokenStart = pos - 1;
                return quotedInclude(r, "Unexpected EOF in quoted include");
            case '"':
                ignore();
                tokenStart = pos - 1;
                return quotedInclude(r, "Unexpected EOF in double quoted include");
            case '[':
                return error("Expected include value but found start of an array");
            case '{':
                return error("Expected include value but found start of a map");
            case '(':
                return error("Expected include value but found start of a block");
            case '\\':
                return error("Expected include value but found escape sequence");
            default:
                if (isDigit(r) || r == '-') {
                    return error("Expected include value but found start of a number");
                }
                if (isNewline(r)) {
                    return error("Expected include value but found new line");
                }
                backup();
                return this::unquotedInclude;
        }
    }

    private State quotedInclude(int quote, String eofReason) {
        return () -> {
            while (true) {
                int r = read();
                if (r == quote) {
                    backup();
                    emit(TokenType.INCLUDE);
                    read();
                    ignore();
                    return pop();
                }
                if (r == EOF) {
                    return error(eofReason);
                }
            }
        };
    }

    private State unquotedInclude() {
        while (true) {
            int r = read();
            if (isNewline(r) || r == EOF || r == ';' || r == '}' || isWhitespace(r)) {
                backup();
                emit(TokenType.INCLUDE);
                return pop();
            }
            if (r == '\'') {
                backup();
                emit(TokenType.INCLUDE);
                read();
                ignore();
                return pop();
            }
        }
    }

    // ---------------------------------------------------------------- values

    private State value() {
        int r = read();
        while (isWhitespace(r)) {
            ignore();
            r = read();
        }
        switch (r) {
            case '[':
                ignore();
                tokenStart = pos - 1;
                emit(TokenType.ARRAY_START);
                return this::arrayValue;
            case '{':
                ignore();
                tokenStart = pos - 1;
                emit(TokenType.MAP_START);
                return this::mapKeyStart;
            case '\'':
                ignore();
                tokenStart = pos - 1;
                return this::singleQuotedString;
            case '"':
                ignore();
                tokenStart = pos - 1;
                stringState = this::doubleQuotedString;
                return stringState;
            case '-':
                return this::negativeNumberStart;
            case '(':
                ignore();
                tokenStart = pos - 1;
                return this::parenthesizedBlock;
            case '.':
                return error("Floats must start with a digit");
            default:
                if (isDigit(r)) {
                    backup();
                    return this::numberStart;
                }
                if (isNewline(r)) {
                    return error("Expected value but found new line");
                }
                // Anything else, even the end of input (giving an empty string), is an unquoted string.
                backup();
                stringState = this::unquotedString;
                return stringState;
        }
    }

    // ---------------------------------------------------------------- arrays

    private State arrayValue() {
        while (true) {
            int r = read();
            if (isSpace(r)) {
                ignore();
                continue;
            }
            if (r == '#') {
                return comment(this::arrayValue, 1);
            }
            if (r == '/' && secondSlash()) {
                return comment(this::arrayValue, 2);
            }
            if (r == '/' || r == ',') {
                return error("Unexpected array value terminator ','.");
            }
            if (r == ']') {
                return arrayEnd();
            }
            backup();
            push(this::arrayValueEnd);
            return this::value;
        }
    }

    private State arrayValueEnd() {
        while (true) {
            int r = read();
            if (isWhitespace(r)) {
                ignore();
                continue;
            }
            if (r == '#') {
                return comment(this::arrayValueEnd, 1);
            }
            if (r == '/' && secondSlash()) {
                return comment(this::arrayValueEnd, 2);
            }
            if (r == '/' || r == ',' || isNewline(r)) {
                ignore();
                return this::arrayValue;
            }
            if (r == ']') {
                return arrayEnd();
            }
            return error("Expected an array value terminator \",\" or an array terminator \"]\", but got '"
                    + describe(r) + "' instead.");
        }
    }

    private State arrayEnd() {
        ignore();
        tokenStart = pos - 1;
        emit(TokenType.ARRAY_END);
        return pop();
    }

    // ---------------------------------------------------------------- maps

    private State mapKeyStart() {
        while (true) {
            int r = peek();
            if (isKeySeparator(r)) {
                return error("Unexpected key separator '" + describe(r) + "'.");
            }
            if (r == ']') {
                return error("Unexpected array end ']' processing map.");
            }
            if (isSpace(r)) {
                read();
                ignore();
                continue;
            }
            switch (r) {
                case '}':
                    read();
                    return mapEnd();
                case '#':
                    read();
                    return comment(this::mapKeyStart, 1);
                case '/':
                    read();
                    if (secondSlash()) {
                        return comment(this::mapKeyStart, 2);
                    }
                    // Go drops a lone '/' here and starts the key after it.
                    break;
                case '\'':
                case '"':
                    read();
                    ignore();
                    tokenStart = pos - 1;
                    return mapQuotedKey(r);
                case EOF:
                    return error("Unexpected EOF processing map." + openMapContext());
                default:
                    break;
            }
            ignore();
            read();
            return this::mapKey;
        }
    }

    private String openMapContext() {
        return openMaps.isEmpty() ? "" : " (the map opened at " + lineAndColumn(openMaps.peek()) + " is not closed)";
    }

    private State mapQuotedKey(int quote) {
        String eofReason = quote == '\''
                ? "Unexpected EOF processing quoted map key."
                : "Unexpected EOF processing double quoted map key.";
        return () -> {
            while (true) {
                int r = peek();
                if (r == EOF) {
                    return error(eofReason);
                }
                if (r == quote) {
                    emit(TokenType.KEY);
                    read();
                    ignore();
                    return this::mapKeyEnd;
                }
                read();
            }
        };
    }

    private State mapKey() {
        while (true) {
            int r = peek();
            if (r == EOF) {
                return error("Unexpected EOF processing map key.");
            }
            if (isSpace(r)) {
                return keywordOrKey(this::mapKeyEnd, this::mapValueEnd);
            }
            if (isKeySeparator(r)) {
                emit(TokenType.KEY);
                return this::mapKeyEnd;
            }
            read();
        }
    }

    private State mapKeyEnd() {
        while (true) {
            int r = read();
            if (isSpace(r)) {
                ignore();
                continue;
            }
            if (!isKeySeparator(r)) {
                backup();
            } else {
                ignore();
            }
            return this::mapValue;
        }
    }

    private State mapValue() {
        while (true) {
            int r = read();
            if (isSpace(r)) {
                ignore();
                continue;
            }
            if (r == ',') {
                return error("Unexpected map value terminator \",\".");
            }
            if (r == '}') {
                // "{ a: }": Go ends the map without a value for the key.
                return mapEnd();
            }
            backup();
            push(this::mapValueEnd);
            return this::value;
        }
    }

    private State mapValueEnd() {
        while (true) {
            int r = read();
            if (isWhitespace(r)) {
                ignore();
                continue;
            }
            if (r == '#') {
                return comment(this::mapValueEnd, 1);
            }
            if (r == '/' && secondSlash()) {
                return comment(this::mapValueEnd, 2);
            }
            if (r == '/' || r == ';' || r == ',' || isNewline(r)) {
                ignore();
                return this::mapKeyStart;
            }
            if (r == '}') {
                return mapEnd();
            }
            return error("Expected a map value terminator \",\" or a map terminator \"}\", but got '"
                    + describe(r) + "' instead.");
        }
    }

    private State mapEnd() {
        ignore();
        tokenStart = pos - 1;
        emit(TokenType.MAP_END);
        return pop();
    }

    // ---------------------------------------------------------------- strings

    /** Single quotes: everything up to the next single quote, new lines included, no escapes. */
    private State singleQuotedString() {
        while (true) {
            int r = read();
            if (r == '\'') {
                backup();
                emit(TokenType.STRING);
                read();
                ignore();
                return pop();
            }
            if (r == EOF) {
                return endOfInputInString();
            }
        }
    }

    /** Double quotes: up to the next unescaped double quote, new lines included. */
    private State doubleQuotedString() {
        while (true) {
            int r = read();
            if (r == '\\') {
                keepTextBeforeEscape();
                return this::escape;
            }
            if (r == '"') {
                backup();
                emit(TokenType.STRING);
                read();
                ignore();
                return pop();
            }
            if (r == EOF) {
                return endOfInputInString();
            }
        }
    }

    /**
     * An unquoted value: a string, or a boolean, or a {@code $variable}. It ends at a blank, a new line,
     * {@code ; , ] }} or the end of input; a single quote also ends it (and is dropped).
     */
    private State unquotedString() {
        while (true) {
            int r = read();
            if (r == '\\') {
                keepTextBeforeEscape();
                return this::escape;
            }
            if (isNewline(r) || r == EOF || r == ';' || r == ',' || r == ']' || r == '}' || isWhitespace(r)) {
                backup();
                if (!escaped.isEmpty()) {
                    emit(TokenType.STRING); // "\\true" is a string, not a boolean
                } else if (isBooleanWord()) {
                    emit(TokenType.BOOLEAN);
                } else if (pos > start && text.charAt(start) == '$') {
                    start++; // the token text is the name; tokenStart stays on the '$'
                    emit(TokenType.VARIABLE);
                } else {
                    emit(TokenType.STRING);
                }
                return pop();
            }
            if (r == '\'') {
                backup();
                emit(TokenType.STRING);
                read();
                ignore();
                return pop();
            }
        }
    }

    private boolean isBooleanWord() {
        switch (text.substring(start, pos).toLowerCase(Locale.ROOT)) {
            case "true", "false", "yes", "no", "on", "off":
                return true;
            default:
                return false;
        }
    }

    private void keepTextBeforeEscape() {
        escaped.appendText(text.substring(start, pos - 1));
        start = pos;
    }

    private State escape() {
        int r = read();
        switch (r) {
            case 'x':
                return this::hexEscape;
            case 't':
                return afterEscape("\t");
            case 'n':
                return afterEscape("\n");
            case 'r':
                return afterEscape("\r");
            case '"':
                return afterEscape("\"");
            case '\\':
                return afterEscape("\\");
            default:
                return error("Invalid escape character '" + describe(r) + "'. Only the following escape "
                        + "characters are allowed: \\xXX, \\t, \\n, \\r, \\\", \\\\.");
        }
    }

    private State afterEscape(String value) {
        escaped.appendText(value);
        start = pos;
        return stringState;
    }

    /** {@code \x} followed by two hexadecimal digits: one raw byte. */
    private State hexEscape() {
        for (int i = 0; i < 2; i++) {
            if (isNewline(read())) {
                return error("Expected two hexadecimal digits after '\\x', but hit end of line");
            }
        }
        String digits = text.substring(Math.max(0, pos - 2), pos);
        int high = Character.digit(digits.charAt(0), 16);
        int low = digits.length() > 1 ? Character.digit(digits.charAt(1), 16) : -1;
        if (high < 0 || low < 0 || digits.chars().anyMatch(c -> c > 0x7F)) {
            return error("Expected two hexadecimal digits after '\\x', but got '" + digits + "'");
        }
        escaped.appendByte(high * 16 + low);
        start = pos;
        return stringState;
    }

    /**
     * A {@code ( ... )} block: raw text up to a ')' alone on its line. The new line before the ')'
     * belongs to the value.
     */
    private State parenthesizedBlock() {
        while (true) {
            int r = read();
            if (r == EOF) {
                return error("Unexpected EOF processing block. (the block opened at "
                        + lineAndColumn(tokenStart) + " is not closed)");
            }
            if (r != ')') {
                continue;
            }
            int close = pos - 1;
            if (text.charAt(close - 1) != '\n') {
                continue;
            }
            if (pos >= text.length()) {
                // Go quirk kept: when the ')' is the very last character it is part of the value.
                emit(TokenType.STRING);
                ignore();
                return pop();
            }
            char after = text.charAt(pos);
            if (after == '\n' || after == EOF) {
                pos = close;
                emit(TokenType.STRING);
                read();
                ignore();
                return pop();
            }
        }
    }

    // ---------------------------------------------------------------- numbers, dates, IP addresses

    /** A value starting with a digit: integer, float, date-time, IP address or an unquoted string. */
    private State numberStart() {
        read(); // known to be a digit
        return this::numberOrDateOrStringOrAddress;
    }

    private State numberOrDateOrStringOrAddress() {
        while (true) {
            int r = read();
            if (r == '-') {
                if (pos - start != 5) {
                    return error("All ISO8601 dates must be in full Zulu form.");
                }
                return this::dateAfterYear;
            }
            if (isDigit(r)) {
                continue;
            }
            if (r == '.') {
                return this::floatStart; // or an IP address, decided at the second '.'
            }
            if (isSizeSuffix(r)) {
                return this::sizeSuffix;
            }
            if (endsNumber(r)) {
                backup();
                emit(TokenType.INTEGER);
                return pop();
            }
            // "3xyz": a string after all. The character just read stays part of it, whatever it is,
            // so "[1]" lexes the string "1]" as in Go.
            stringState = this::unquotedString;
            return stringState;
        }
    }

    /** After {@code 1k}, {@code 1M}, ...: an optional run of b/i letters, then the integer must end. */
    private State sizeSuffix() {
        int r = read();
        while (r == 'b' || r == 'B' || r == 'i' || r == 'I') {
            r = read();
        }
        backup();
        if (endsNumber(r) || isDigit(r)) {
            emit(TokenType.INTEGER);
            return pop();
        }
        stringState = this::unquotedString; // "1Ghz", "2Pie", "300ms"
        return stringState;
    }

    private State dateAfterYear() {
        String format = "00-00T00:00:00Z"; // '0' stands for any digit
        for (int i = 0; i < format.length(); i++) {
            int expected = format.charAt(i);
            int r = read();
            if (expected == '0') {
                if (!isDigit(r)) {
                    return error("Expected digit in ISO8601 datetime, but found '" + describe(r) + "' instead.");
                }
            } else if (r != expected) {
                return error("Expected '" + describe(expected) + "' in ISO8601 datetime, but found '"
                        + describe(r) + "' instead.");
            }
        }
        emit(TokenType.DATETIME);
        return pop();
    }

    private State negativeNumberStart() {
        int r = read();
        if (!isDigit(r)) {
            if (r == '.') {
                return error("Floats must start with a digit, not '.'.");
            }
            return error("Expected a digit but got '" + describe(r) + "'.");
        }
        return this::negativeNumber;
    }

    private State negativeNumber() {
        while (true) {
            int r = read();
            if (isDigit(r)) {
                continue;
            }
            if (r == '.') {
                return this::floatStart;
            }
            if (isSizeSuffix(r)) {
                return this::sizeSuffix;
            }
            backup();
            emit(TokenType.INTEGER);
            return pop();
        }
    }

    private State floatStart() {
        int r = read();
        if (!isDigit(r)) {
            return error("Floats must have a digit after the '.', but got '" + describe(r) + "' instead.");
        }
        return this::floatDigits;
    }

    private State floatDigits() {
        while (true) {
            int r = read();
            if (isDigit(r)) {
                continue;
            }
            if (r == '.') {
                return this::address; // a second '.': 127.0.0.1
            }
            backup();
            emit(TokenType.FLOAT);
            return pop();
        }
    }

    /** An IP address, optionally with a port: digits, dots, colons and dashes. It is a string. */
    private State address() {
        while (true) {
            int r = read();
            if (!(isDigit(r) || r == '.' || r == ':' || r == '-')) {
                backup();
                emit(TokenType.STRING);
                return pop();
            }
        }
    }

    // ---------------------------------------------------------------- comments

    /** A comment up to the end of the line; then continues with {@code returnTo}. */
    private State comment(State returnTo, int markerLength) {
        push(returnTo);
        ignore();
        tokenStart = pos - markerLength;
        while (true) {
            int r = peek();
            if (isNewline(r) || r == EOF) {
                emit(TokenType.COMMENT);
                return pop();
            }
            read();
        }
    }

    // ---------------------------------------------------------------- character classes

    /** Go's {@code unicode.IsSpace}: includes new lines, NEL, NBSP and the Unicode space separators. */
    static boolean isSpace(int r) {
        switch (r) {
            case '\t', '\n', 0x0B, '\f', '\r', ' ', 0x85, 0xA0:
                return true;
            default:
                return r > 0xFF && (r == 0x1680 || (r >= 0x2000 && r <= 0x200A) || r == 0x2028
                        || r == 0x2029 || r == 0x202F || r == 0x205F || r == 0x3000);
        }
    }

    /** Blanks within a line. */
    private static boolean isWhitespace(int r) {
        return r == ' ' || r == '\t';
    }

    private static boolean isNewline(int r) {
        return r == '\n' || r == '\r';
    }

    private static boolean isKeySeparator(int r) {
        return r == '=' || r == ':';
    }

    /** Go's {@code unicode.IsDigit}: any decimal digit, not only ASCII. */
    private static boolean isDigit(int r) {
        return Character.isDigit(r);
    }

    private static boolean isSizeSuffix(int r) {
        switch (r) {
            case 'k', 'K', 'm', 'M', 'g', 'G', 't', 'T', 'p', 'P', 'e', 'E':
                return true;
            default:
                return false;
        }
    }

    /** What may follow an integer. Note that ']' is not in the list (as in Go). */
    private static boolean endsNumber(int r) {
        return isNewline(r) || r == EOF || r == '}' || r == ';' || r == ',' || isWhitespace(r);
    }

    private String describe(int r) {
        if (r == EOF) {
            return pos >= text.length() ? "EOF" : "\\x00";
        }
        if (r == '\n') {
            return "\\n";
        }
        return new String(Character.toChars(r));
    }
}
