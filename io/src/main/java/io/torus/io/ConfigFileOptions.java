package io.torus.io;

import io.torus.core.options.ServerOptions;

import java.nio.file.Path;

/** Placeholder until the config language lands: see the note on issue 2. */
final class ConfigFileOptions
{
    private ConfigFileOptions()
    {
    }

    static void apply(final Path file, final ServerOptions options)
    {
        throw new IllegalArgumentException("config files are not supported yet: " + file);
    }
}
