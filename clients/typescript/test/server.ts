// Test helper: the real exchange server (build/bin/exchange, or $EXCHANGE_BIN) on a free port,
// with a temporary data directory, test logins and no rate limits.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

export class TestServer {
  private readonly dataDir = mkdtempSync(join(tmpdir(), 'exchange-ts-bot-'));
  private child: ChildProcess | null = null;
  private output = '';
  port = 0;

  get url(): string {
    return `ws://127.0.0.1:${this.port}/api`;
  }

  async start(): Promise<void> {
    const binary = process.env.EXCHANGE_BIN ?? join(repoRoot, 'build', 'bin', 'exchange');
    if (!existsSync(binary)) throw new Error(`exchange server not found at ${binary}: build it (make build) or set EXCHANGE_BIN`);
    this.port = await freePort();
    const child = spawn(
      binary,
      ['--port', String(this.port), '--address', '127.0.0.1', '--data-dir', this.dataDir,
       '--insecure-test-auth', '--rate-limits', 'off', '--log-level', 'warn'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    this.child = child;
    const keep = (chunk: Buffer) => (this.output = (this.output + chunk.toString()).slice(-20_000));
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`exchange exited with ${child.exitCode}:\n${this.output}`);
      try {
        if ((await fetch(`http://127.0.0.1:${this.port}/healthz`)).ok) return;
      } catch {
        /* not listening yet */
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`exchange did not start on port ${this.port}:\n${this.output}`);
  }

  async stop(): Promise<void> {
    const child = this.child;
    this.child = null;
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}

/** Polls `check` until it returns something truthy. */
export async function eventually<T>(what: string, check: () => T | undefined | null | false, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
