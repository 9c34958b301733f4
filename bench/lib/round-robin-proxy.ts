/**
 * A tiny round-robin HTTP load balancer on 127.0.0.1 for the replicas bench: each request goes to
 * the next upstream; one that refuses the connection is skipped for `downMs` and the client gets a
 * 502 (as nginx with `max_fails=1` does, without retrying a POST for it).
 */
import { createServer, request, Agent, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RoundRobinProxy {
  url: string;
  /** Requests answered 502 because their upstream failed. */
  readonly failed: number;
  close(): Promise<void>;
}

export async function startRoundRobinProxy(upstreamPorts: readonly number[], { downMs = 5_000 } = {}): Promise<RoundRobinProxy> {
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const downUntil = new Map<number, number>();
  let next = 0;
  let failed = 0;
  const pick = (): number => {
    for (let i = 0; i < upstreamPorts.length; i++) {
      const port = upstreamPorts[next++ % upstreamPorts.length]!;
      if ((downUntil.get(port) ?? 0) <= Date.now()) return port;
    }
    return upstreamPorts[next++ % upstreamPorts.length]!;
  };
  const server: Server = createServer((req, res) => {
    const port = pick();
    const upstream = request({ host: '127.0.0.1', port, path: req.url, method: req.method, headers: req.headers, agent }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => {
      downUntil.set(port, Date.now() + downMs);
      failed++;
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    get failed() {
      return failed;
    },
    close: () =>
      new Promise<void>((resolve) => {
        agent.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
