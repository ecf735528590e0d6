package dev.herald.core.spi;

/**
 * What a transport can do, so that callers and the contract suite know what to expect.
 *
 * @param persistent events survive closing and reopening the transport
 * @param sharedAcrossProcesses several processes can use the same topics at once
 * @param maxEventBytes the largest envelope data the transport accepts
 */
public record Features(boolean persistent, boolean sharedAcrossProcesses, int maxEventBytes) {}
