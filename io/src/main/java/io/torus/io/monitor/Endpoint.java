package io.torus.io.monitor;

/** One monitoring path: renders its document for a request. Called on the monitoring thread only. */
@FunctionalInterface
interface Endpoint
{
    String render(QueryParams query) throws BadRequestException;
}
