package io.torus.core.auth.jwt;

/**
 * One entry of an account JWT's {@code imports}.
 *
 * @param name         {@code name}
 * @param subject      {@code subject}: the exported subject
 * @param account      {@code account}: the exporting account's public key
 * @param token        {@code token}: an activation JWT (or a URL to fetch one) for private exports, "" otherwise
 * @param to           {@code to}: deprecated local subject (services) or prefix (streams)
 * @param localSubject {@code local_subject}: the subject in the importing account, may use $1 references
 * @param type         {@code type}
 * @param share        {@code share}: share latency information with the exporter
 */
public record Import(String name, String subject, String account, String token, String to, String localSubject,
                     ExportType type, boolean share)
{
}
