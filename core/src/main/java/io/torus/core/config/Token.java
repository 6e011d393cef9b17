package io.torus.core.config;

/**
 * One lexical item of a configuration source: its kind, its text (already unescaped for strings) and
 * the position where it starts (the opening quote, bracket or dollar sign, if any).
 */
record Token(TokenType type, String text, ConfigPosition position) {

    @Override
    public String toString() {
        return "(" + type + ", '" + text + "', " + position.line() + ":" + position.column() + ")";
    }
}
