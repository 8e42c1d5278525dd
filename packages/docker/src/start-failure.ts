/**
 * The engine's start failures in words a user acts on. Port clashes come back from dockerd as
 * libnetwork text ("driver failed programming external connectivity on endpoint … Bind for
 * 127.0.0.1:8080 failed: port is already allocated"); anything else keeps the engine's words.
 */
export function explainStartFailure(message: string): string {
  const allocated = /Bind for (\S+?):(\d+) failed: port is already allocated/.exec(message);
  if (allocated) return `port ${allocated[2]} is already allocated on this host (${allocated[1]}:${allocated[2]} is published by another container)`;
  const inUse = /listen (?:tcp|udp|sctp)[46]? (\S+?):(\d+): bind: address already in use/.exec(message);
  if (inUse) return `port ${inUse[2]} is already in use on this host (${inUse[1]}:${inUse[2]} is taken by another program)`;
  return message;
}
