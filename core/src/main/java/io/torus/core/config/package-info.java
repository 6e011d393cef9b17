/**
 * The NATS server configuration language, read exactly as the Go {@code nats-server} reads it
 * ({@code conf/lex.go}, {@code conf/parse.go}), so that Torus accepts the same files with the same
 * meaning.
 *
 * <h2>Use</h2>
 * <pre>{@code
 * ConfigMap conf = new ConfigParser().parseFile(Path.of("conf/server.conf"));
 * for (String key : conf.keySet()) {
 *     switch (key) {
 *         case "port" -> options.port = conf.getInt(key);
 *         case "write_deadline" -> options.writeDeadline = conf.getDuration(key);
 *         case "jetstream" -> mapJetStream(conf.get(key), conf.positionOf(key));
 *         default -> { if (!conf.isUsedAsVariable(key)) throw conf.unknownField(key); }
 *     }
 * }
 * conf.warnings().forEach(w -> log.warn(w.message()));
 * }</pre>
 *
 * <h2>The language</h2>
 * <ul>
 * <li>{@code key: value}, {@code key = value} or {@code key value}; values end at a new line,
 *     {@code ;} or {@code ,}. Comments start with {@code #} or {@code //}. The whole file may be
 *     wrapped in braces, JSON style.</li>
 * <li>Maps {@code { }} and arrays {@code [ ]}, elements separated by commas or new lines, trailing
 *     commas allowed.</li>
 * <li>Strings: double-quoted with escapes {@code \t \n \r \" \\ \xHH}, single-quoted without
 *     escapes, unquoted (up to a blank, new line, {@code ; , ] }}), or a {@code ( ... )} block closed
 *     by a {@code )} alone on its line. IP addresses and {@code host:port} are strings.</li>
 * <li>Integers ({@link java.lang.Long}) with size suffixes: {@code k m g t p e} are powers of
 *     1000, {@code kb/ki/kib}, {@code mb/mi/mib}, ... powers of 1024, in any case. Floats
 *     ({@link java.lang.Double}), booleans {@code true/false/yes/no/on/off} in any case, and Zulu
 *     date-times ({@link java.time.Instant}).</li>
 * <li>{@code $NAME}: the value of the key {@code NAME} defined earlier in the same or an enclosing
 *     map, else the environment variable {@code NAME} parsed as a value; undefined is an error.
 *     There is no interpolation inside strings. An unquoted {@code $2a$...} bcrypt hash is a
 *     string.</li>
 * <li>{@code include path}: the top level of another file, relative to the including file's
 *     directory, merged into the current map.</li>
 * </ul>
 *
 * <h2>Go quirks kept on purpose</h2>
 * Durations have no type of their own: {@code 2s} or {@code "1m"} are strings, but an unquoted
 * {@code 1m} is the integer 1000000 and {@code 1.5s} is a syntax error (see {@link
 * io.torus.core.config.Durations}). An integer directly followed by {@code ]} is not ended by it
 * ({@code [1]} fails; write {@code [1 ]} or {@code [1,]}). A value starting with {@code .} must be
 * a float, so {@code ./file} needs quotes. An include path is joined to the directory even when
 * absolute.
 */
package io.torus.core.config;
