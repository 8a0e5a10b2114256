import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '../..');

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export interface ServerProcess {
  name: string;
  url: string;
  child: ChildProcess;
  /** Everything the process wrote to stdout and stderr. */
  output(): string;
  /** Resolves with the exit code (or signal name) when the process ends. */
  exited: Promise<number | string>;
  kill(signal?: NodeJS.Signals): void;
}

/** Starts `node dist/server.js` as production does, on a free port of its own. */
export async function startServer(
  name: string,
  environment: Record<string, string>,
): Promise<ServerProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['dist/server.js'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: process.env.FLEET_LOG_LEVEL ?? 'warn',
      // franc loads in a fraction of eld's time and memory; three processes start faster.
      LANGUAGE_DETECTOR: 'franc',
      ...environment,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)),
  );
  return {
    name,
    url: `http://127.0.0.1:${port}`,
    child,
    output: () => output,
    exited,
    kill: (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    },
  };
}

/** Waits for /readyz to answer 200, failing early (with the server's output) if it exits. */
export async function waitUntilReady(server: ServerProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exitedWith: number | string | undefined;
  void server.exited.then((code) => (exitedWith = code));
  while (Date.now() < deadline) {
    if (exitedWith !== undefined)
      throw new Error(`${server.name} exited (${exitedWith}) before ready:\n${server.output()}`);
    try {
      const response = await fetch(`${server.url}/readyz`);
      if (response.ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${server.name} not ready within ${timeoutMs} ms:\n${server.output()}`);
}

export interface StreamedEvent {
  event: string;
  id?: number;
  data: unknown;
}

export interface EventStreamClient {
  events: StreamedEvent[];
  /** The `retry:` hint the server sent, if any. */
  retryMs(): number | undefined;
  /** Resolves when the server ends the stream or the connection breaks. */
  ended: Promise<void>;
  close(): void;
}

/** A minimal EventSource: one connection, events parsed as they arrive. */
export async function openEventStream(
  baseUrl: string,
  conversation: { id: string; token: string },
  lastEventId?: number,
): Promise<EventStreamClient> {
  const controller = new AbortController();
  const response = await fetch(`${baseUrl}/v1/conversations/${conversation.id}/events`, {
    headers: {
      authorization: `Bearer ${conversation.token}`,
      accept: 'text/event-stream',
      ...(lastEventId === undefined ? {} : { 'last-event-id': String(lastEventId) }),
    },
    signal: controller.signal,
  });
  if (!response.ok || !response.body)
    throw new Error(`event stream refused: ${response.status} ${await response.text()}`);
  const events: StreamedEvent[] = [];
  let retry: number | undefined;
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const ended = (async () => {
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        buffer += decoder.decode(value, { stream: true });
        let boundary = buffer.indexOf('\n\n');
        while (boundary >= 0) {
          const block = buffer.slice(0, boundary);
          buffer = buffer.slice(boundary + 2);
          boundary = buffer.indexOf('\n\n');
          const fields = new Map<string, string>();
          for (const line of block.split('\n')) {
            const separator = line.indexOf(': ');
            if (line.startsWith(':') || separator < 0) continue;
            fields.set(line.slice(0, separator), line.slice(separator + 2));
          }
          if (fields.has('retry')) retry = Number(fields.get('retry'));
          if (!fields.has('data')) continue;
          const id = fields.get('id');
          events.push({
            event: fields.get('event') ?? 'message',
            ...(id === undefined ? {} : { id: Number(id) }),
            data: JSON.parse(fields.get('data') ?? 'null'),
          });
        }
      }
    } catch {
      /* aborted or the server died: the stream has ended */
    }
  })();
  return { events, retryMs: () => retry, ended, close: () => controller.abort() };
}

/** Polls `condition`, running `probe` (e.g. a request that updates what it reads) before each check. */
export async function waitFor(
  condition: () => boolean,
  what: string,
  timeoutMs = 10_000,
  probe?: () => Promise<void>,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await probe?.();
    if (condition()) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export async function createConversation(baseUrl: string): Promise<{ id: string; token: string }> {
  const response = await fetch(`${baseUrl}/v1/conversations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ locale: 'en' }),
  });
  if (response.status !== 201)
    throw new Error(`create conversation: ${response.status} ${await response.text()}`);
  return (await response.json()) as { id: string; token: string };
}
