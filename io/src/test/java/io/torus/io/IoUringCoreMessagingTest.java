package io.torus.io;

/** The core messaging contract over the io_uring transport. */
class IoUringCoreMessagingTest extends CoreMessagingContract
{
    @Override
    Transport transport()
    {
        return Transport.IO_URING;
    }
}
