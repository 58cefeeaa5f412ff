/**
 * Drops Node's DEP0123 warning ("Setting the TLS ServerName to an IP address is not permitted by
 * RFC 6066") and prints every other warning as Node does. grpc-js sends the host of the address
 * as the TLS server name, so `--namesrv 10.0.0.5:9876 --tls-ca ...` (RocketMQ users write IPs)
 * would print it on stderr with every run, though the user can do nothing about it and the
 * certificate is still checked against the IP. For the CLI entry points only: a library must not
 * touch the process's warning listeners.
 */
export function dropIpServerNameWarning(): void {
  const defaults = process.listeners("warning");
  process.removeAllListeners("warning");
  process.on("warning", (warning) => {
    if ((warning as Error & { code?: string }).code === "DEP0123") return;
    for (const listener of defaults) listener(warning);
  });
}
