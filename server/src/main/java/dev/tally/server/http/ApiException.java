package dev.tally.server.http;

import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * A request failed for a reason the client is told: the HTTP status and DESIGN §6's error body
 * {@code {"error": category, "errorMessage": message, "errorClass": ...}}.
 */
public final class ApiException extends RuntimeException
{
    public static final String INVALID_REQUEST = "Invalid request";
    public static final String INVALID_TABLE_SPEC = "Invalid table spec";
    public static final String UNKNOWN_TABLE = "Unknown table";
    public static final String UNAUTHORIZED = "Unauthorized";
    public static final String FORBIDDEN = "Forbidden";
    public static final String REQUEST_TOO_LARGE = "Request too large";
    public static final String RESOURCE_LIMIT = "Resource limit exceeded";
    /** The client did not send its whole request in time (slow-client protection, not a slow query). */
    public static final String REQUEST_TIMEOUT = "Request timeout";
    public static final String NOT_FOUND = "Not found";
    public static final String CONFLICT = "Conflict";
    /** 503: storage cannot take writes now (a full disk); retry later. */
    public static final String UNAVAILABLE = "Storage unavailable";
    public static final String UNKNOWN = "Unknown exception";

    private final HttpResponseStatus status;
    private final String category;
    private final String errorClass;

    public ApiException(final HttpResponseStatus status, final String category, final String message)
    {
        this(status, category, message, (Throwable)null);
    }

    public ApiException(final HttpResponseStatus status, final String category, final String message,
        final Throwable cause)
    {
        super(message, cause);
        this.status = status;
        this.category = category;
        this.errorClass = cause == null ? ApiException.class.getName() : cause.getClass().getName();
    }

    public ApiException(final HttpResponseStatus status, final String category, final String message,
        final String errorClass)
    {
        super(message);
        this.status = status;
        this.category = category;
        this.errorClass = errorClass;
    }

    public static ApiException badRequest(final String message)
    {
        return new ApiException(HttpResponseStatus.BAD_REQUEST, INVALID_REQUEST, message);
    }

    public static ApiException unknownTable(final String table)
    {
        return new ApiException(HttpResponseStatus.NOT_FOUND, UNKNOWN_TABLE, "no table named '" + table + "'");
    }

    public HttpResponseStatus status()
    {
        return status;
    }

    public String category()
    {
        return category;
    }

    public String errorClass()
    {
        return errorClass;
    }
}
