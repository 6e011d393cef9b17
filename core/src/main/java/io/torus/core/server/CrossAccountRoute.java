package io.torus.core.server;

import io.torus.core.auth.ResponseType;
import io.torus.core.subject.SubjectTransform;

/**
 * Where a message published in one account also goes because of an import: a stream export to an importer (the
 * importer sees it under the import's local subject), or a service import to the exporting account (the request
 * crosses with a reply subject that routes the answers back). Immutable; built at startup.
 */
public record CrossAccountRoute(
    Account target, SubjectTransform transform, boolean service, ResponseType responseType,
    long responseThresholdNanos)
{
}
