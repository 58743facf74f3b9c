package dev.tally.server.http;

/** Answers one kind of request. Runs off the event loop: it may block. */
@FunctionalInterface
public interface Endpoint
{
    Reply handle(Request request) throws Exception;
}
