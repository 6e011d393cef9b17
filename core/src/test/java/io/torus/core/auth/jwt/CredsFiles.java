package io.torus.core.auth.jwt;

import io.nats.client.NKey;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes {@code .creds} files exactly as nsc does (jwt library FormatUserConfig): the decorated user JWT, then the
 * decorated user seed. Clients read them with {@code Options.Builder.authHandler(Nats.credentials(path))}.
 */
public final class CredsFiles
{
    private CredsFiles()
    {
    }

    /** The text of a creds file for this user JWT and user seed ("SU..."). */
    public static String format(final String userJwt, final String userSeed)
    {
        return "-----BEGIN NATS USER JWT-----\n" +
            userJwt + "\n" +
            "------END NATS USER JWT------\n" +
            "\n" +
            "************************* IMPORTANT *************************\n" +
            "NKEY Seed printed below can be used to sign and prove identity.\n" +
            "NKEYs are sensitive and should be treated as secrets.\n" +
            "\n" +
            "-----BEGIN USER NKEY SEED-----\n" +
            userSeed + "\n" +
            "------END USER NKEY SEED------\n" +
            "\n" +
            "*************************************************************\n";
    }

    /** Writes a creds file for the user JWT and the jnats user key (which must hold its seed). */
    public static Path write(final Path file, final String userJwt, final NKey user) throws IOException
    {
        return Files.writeString(file, format(userJwt, new String(user.getSeed())), StandardCharsets.UTF_8);
    }

    /** An operator JWT decorated as nsc writes {@code .jwt} files (the server's {@code operator} option reads it). */
    public static String decorate(final String jwt, final String kind)
    {
        final String k = kind.toUpperCase();
        return "-----BEGIN NATS " + k + " JWT-----\n" + jwt + "\n------END NATS " + k + " JWT------\n\n";
    }
}
