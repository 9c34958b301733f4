/**
 * A loopback TCP proxy in front of a PostgreSQL server that can drop connections the way a
 * network does: `cutAll()` forgets every open connection without telling the client (as a NAT
 * timeout or a failed-over primary does), so the client finds out only when it next sends;
 * `cutWhen(test)` drops the connection on which the client sends a matching message, before the
 * server gets it.
 */
import { createConnection, createServer, type Server, type Socket } from 'node:net';

interface Pair {
  client: Socket;
  server: Socket;
  cut: boolean;
}

export class CutProxy {
  private readonly pairs = new Set<Pair>();
  private readonly listener: Server;
  private cutTest: ((chunk: Buffer) => boolean) | undefined;
  /** Connections made through the proxy so far. */
  connections = 0;
  port = 0;

  private constructor(targetPort: number) {
    this.listener = createServer((client) => {
      this.connections += 1;
      const server = createConnection({ host: '127.0.0.1', port: targetPort });
      const pair: Pair = { client, server, cut: false };
      this.pairs.add(pair);
      const drop = () => {
        this.pairs.delete(pair);
        client.destroy();
        server.destroy();
      };
      client.on('data', (chunk: Buffer) => {
        if (pair.cut || this.cutTest?.(chunk)) {
          this.cutTest = undefined;
          drop();
          return;
        }
        server.write(chunk);
      });
      server.on('data', (chunk: Buffer) => {
        if (!pair.cut) client.write(chunk);
      });
      client.on('close', drop);
      server.on('close', () => {
        if (!pair.cut) drop();
      });
      client.on('error', drop);
      server.on('error', drop);
    });
  }

  static async start(targetPort: number): Promise<CutProxy> {
    const proxy = new CutProxy(targetPort);
    await new Promise<void>((resolve) => proxy.listener.listen(0, '127.0.0.1', resolve));
    proxy.port = (proxy.listener.address() as { port: number }).port;
    return proxy;
  }

  /** Every open connection is dead from now on; its client learns it when it next sends. */
  cutAll(): void {
    for (const pair of this.pairs) {
      pair.cut = true;
      pair.server.destroy();
    }
  }

  /** Drop the connection that next sends a chunk passing `test`, without forwarding it. */
  cutWhen(test: (chunk: Buffer) => boolean): void {
    this.cutTest = test;
  }

  async close(): Promise<void> {
    for (const pair of this.pairs) {
      pair.client.destroy();
      pair.server.destroy();
    }
    await new Promise<void>((resolve) => this.listener.close(() => resolve()));
  }
}
