package dev.tally.server.auth;

/** What a grant allows on a table: query it ({@code read}), or push, load and change it ({@code write}). */
public enum Access
{
    READ,
    WRITE
}
