package io.torus.io;

/** The core messaging contract over the epoll transport. */
class EpollCoreMessagingTest extends CoreMessagingContract
{
    @Override
    Transport transport()
    {
        return Transport.EPOLL;
    }
}
