package io.torus.io;

/** The core messaging contract over the nio transport. */
class NioCoreMessagingTest extends CoreMessagingContract
{
    @Override
    Transport transport()
    {
        return Transport.NIO;
    }
}
