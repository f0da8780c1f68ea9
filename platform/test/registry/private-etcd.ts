// Starts a throwaway etcd server on free loopback ports for tests that must stop and restart etcd,
// which the shared server on 2379 must never be put through.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from '../config/helpers.ts';

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  if (address === null || typeof address === 'string') throw new Error('no port assigned');
  return address.port;
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export class PrivateEtcd {
  private child: ChildProcess | undefined;

  private constructor(
    private readonly dataDir: string,
    private readonly clientPort: number,
    private readonly peerPort: number,
  ) {}

  static async create(): Promise<PrivateEtcd> {
    const dataDir = await mkdtemp(join(tmpdir(), 'mall-private-etcd-'));
    return new PrivateEtcd(dataDir, await freePort(), await freePort());
  }

  get endpoint(): string {
    return `http://127.0.0.1:${this.clientPort}`;
  }

  /** Starts (or restarts, keeping its data) the server and waits until it accepts connections. */
  async start(): Promise<void> {
    const peer = `http://127.0.0.1:${this.peerPort}`;
    this.child = spawn(
      'etcd',
      [
        '--name',
        'private',
        '--data-dir',
        this.dataDir,
        '--listen-client-urls',
        this.endpoint,
        '--advertise-client-urls',
        this.endpoint,
        '--listen-peer-urls',
        peer,
        '--initial-advertise-peer-urls',
        peer,
        '--initial-cluster',
        `private=${peer}`,
      ],
      { stdio: 'ignore' },
    );
    await waitFor('the private etcd to accept connections', () => accepts(this.clientPort), 10_000);
  }

  /** Kills the server the hard way, as a crash or a lost machine would. */
  async kill(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGKILL');
    await exited;
  }

  async destroy(): Promise<void> {
    await this.kill();
    await rm(this.dataDir, { recursive: true, force: true });
  }
}
