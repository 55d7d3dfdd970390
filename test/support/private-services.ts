import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { sparePort } from '../../src/bench/bench-support';

export { sparePort };

async function waitUntil(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`${what} did not become ready within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A throwaway Redis on a spare port that a test can stop and start again (same port). */
export class PrivateRedis {
  private process: ChildProcess | null = null;
  constructor(readonly port: number) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.process = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
      stdio: 'ignore',
    });
    await waitUntil(
      () => {
        try {
          return execFileSync('redis-cli', ['-p', String(this.port), 'ping'], { encoding: 'utf8' }).trim() === 'PONG';
        } catch {
          return false;
        }
      },
      10000,
      'private redis',
    );
  }

  async stop(): Promise<void> {
    const child = this.process;
    if (!child) return;
    this.process = null;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  }
}

const PG_BIN = execFileSync('bash', ['-c', 'ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1'], { encoding: 'utf8' }).trim();

/** A throwaway Postgres cluster on a spare port, run as the postgres OS user, that a test can stop and restart. */
export class PrivatePostgres {
  private readonly dataDir: string;
  constructor(readonly port: number) {
    this.dataDir = mkdtempSync(join(tmpdir(), 'claimflow-pg-'));
    chownSync(
      this.dataDir,
      Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' })),
      Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' })),
    );
    this.asPostgres(`${PG_BIN}/initdb`, ['-D', this.dataDir, '-A', 'trust', '-U', 'postgres', '--no-sync']);
  }

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  start(): void {
    this.asPostgres(`${PG_BIN}/pg_ctl`, [
      '-D',
      this.dataDir,
      '-w',
      '-t',
      '30',
      '-l',
      join(this.dataDir, 'log'),
      '-o',
      `-p ${this.port} -k ${this.dataDir} -c listen_addresses=127.0.0.1 -c fsync=off`,
      'start',
    ]);
  }

  stop(): void {
    this.asPostgres(`${PG_BIN}/pg_ctl`, ['-D', this.dataDir, '-w', '-m', 'immediate', 'stop']);
  }

  destroy(): void {
    try {
      this.stop();
    } catch {
      // already stopped
    }
    rmSync(this.dataDir, { recursive: true, force: true });
  }

  private asPostgres(command: string, args: string[]): void {
    execFileSync('runuser', ['-u', 'postgres', '--', command, ...args], { stdio: 'ignore' });
  }
}

/** A compiled entrypoint as its own OS process, as production runs it (stderr piped for assertions). */
export function spawnEntrypoint(entry: string, env: Record<string, string>, stderr: 'pipe' | 'inherit' = 'pipe'): ChildProcess {
  const path = join(__dirname, '../../dist', entry);
  if (!existsSync(path)) throw new Error(`${path} is missing: npm test builds it (npm run build)`);
  // No worker metrics port: several workers of one test (and other runs) would compete for it.
  return spawn(process.execPath, [path], {
    env: { ...process.env, WORKER_METRICS_PORT: '0', ...env },
    stdio: ['ignore', 'ignore', stderr],
  });
}

/** The compiled worker as its own OS process (killable with SIGKILL). */
export function spawnWorker(env: Record<string, string>): ChildProcess {
  return spawnEntrypoint('main.worker.js', env, 'inherit');
}

export function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

/** Three throwaway Redis Cluster masters (no replicas) on spare ports, joined with redis-cli --cluster create. */
export class PrivateRedisCluster {
  private readonly processes: ChildProcess[] = [];
  private readonly dir = mkdtempSync(join(tmpdir(), 'claimflow-redis-cluster-'));
  private constructor(readonly ports: number[]) {}

  static async start(nodes = 3): Promise<PrivateRedisCluster> {
    const ports: number[] = [];
    while (ports.length < nodes) {
      const port = await sparePort();
      // The cluster bus listens on port + 10000: keep both free and distinct.
      if (port + 10000 <= 65535 && !ports.includes(port)) ports.push(port);
    }
    const cluster = new PrivateRedisCluster(ports);
    try {
      await cluster.boot();
    } catch (error) {
      await cluster.stop();
      throw error;
    }
    return cluster;
  }

  get url(): string {
    return `redis+cluster://${this.ports.map((port) => `127.0.0.1:${port}`).join(',')}`;
  }

  /** redis-cli against one node (no -c: the caller asks each node about its own keys). */
  cli(port: number, ...args: string[]): string {
    return execFileSync('redis-cli', ['-p', String(port), ...args], { encoding: 'utf8' });
  }

  private async boot(): Promise<void> {
    for (const port of this.ports) {
      this.processes.push(
        spawn(
          'redis-server',
          [
            '--port',
            String(port),
            '--bind',
            '127.0.0.1',
            '--save',
            '',
            '--appendonly',
            'no',
            '--dir',
            this.dir,
            '--cluster-enabled',
            'yes',
            '--cluster-config-file',
            `nodes-${port}.conf`,
            '--cluster-node-timeout',
            '5000',
          ],
          { stdio: 'ignore' },
        ),
      );
    }
    for (const port of this.ports) {
      await waitUntil(() => this.ping(port), 10000, `cluster node ${port}`);
    }
    execFileSync(
      'redis-cli',
      ['--cluster', 'create', ...this.ports.map((port) => `127.0.0.1:${port}`), '--cluster-replicas', '0', '--cluster-yes'],
      { stdio: 'ignore' },
    );
    await waitUntil(
      () => this.ports.every((port) => this.cli(port, 'cluster', 'info').includes('cluster_state:ok')),
      20000,
      'redis cluster',
    );
  }

  private ping(port: number): boolean {
    try {
      return this.cli(port, 'ping').trim() === 'PONG';
    } catch {
      return false;
    }
  }

  async stop(): Promise<void> {
    await Promise.all(
      this.processes.splice(0).map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGKILL');
          }),
      ),
    );
    rmSync(this.dir, { recursive: true, force: true });
  }
}
