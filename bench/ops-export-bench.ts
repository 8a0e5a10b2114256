/**
 * `npm run bench:ops-export`: streams the CSV export of 1,000 and 100,000 escalation records over
 * HTTP from a server in its own process, and reports that process's peak RSS during the export.
 * Flat memory means the two peaks are about the same: rows go from the database to the socket a
 * page at a time, never as a whole file.
 *   --sizes 1000,100000   record counts to measure
 *   --format csv|jsonl
 *   --heap-mb 256         the server's --max-old-space-size (0: V8's default)
 * Why a heap cap: the app's live heap is ~180 MB (language models, knowledge base), and with that
 * much V8 lets short-lived garbage pile up (+150 MB or more) before a full collection, whatever
 * the export does. Under a cap it must collect: the export finishing at the same speed with a peak
 * near the idle RSS shows that its memory does not grow with the number of rows (holding 100k
 * decoded records plus a 42 MB CSV string would not fit). Run with --heap-mb 0 to see the default.
 * The server half of this file runs with `--serve <DATABASE_URL>` (started by the bench itself).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';

const OPS_TOKEN = 'bench-ops-token-0123456789abcdef';
const SEED_CHUNK = 10_000;

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '1000,100000' },
    format: { type: 'string', default: 'csv' },
    'heap-mb': { type: 'string', default: '256' },
    serve: { type: 'string' },
  },
});

if (values.serve !== undefined) {
  await serve(values.serve);
} else {
  await measureAll(values.sizes.split(',').map(Number), values.format, Number(values['heap-mb']));
}

async function serve(databaseUrl: string): Promise<void> {
  const { loadConfig } = await import('../src/config.js');
  const { buildApp } = await import('../src/app.js');
  const config = loadConfig({
    DATABASE_URL: databaseUrl,
    OPS_TOKEN,
    LOG_LEVEL: 'silent',
    TOKEN_SECRET: 'bench-secret-bench-secret-bench-secret-0',
  });
  const { app } = await buildApp({ config, logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  process.stdout.write(
    `${JSON.stringify({ port: typeof address === 'object' && address ? address.port : 0 })}\n`,
  );
  if (process.env.BENCH_MEMORY_LOG) {
    setInterval(() => {
      const usage = process.memoryUsage();
      const mb = (bytes: number) => (bytes / 1048576).toFixed(0);
      process.stderr.write(
        `rss ${mb(usage.rss)} heapUsed ${mb(usage.heapUsed)} heapTotal ${mb(usage.heapTotal)} external ${mb(usage.external)} arrayBuffers ${mb(usage.arrayBuffers)}\n`,
      );
    }, 500).unref();
  }
}

/** Seeds with multi-row INSERTs in large transactions: 100k records in seconds, not minutes. */
async function seed(databaseUrl: string, count: number): Promise<number> {
  const { createDatabase } = await import('../src/core/database/create-database.js');
  const { createConversationRepository } = await import(
    '../src/core/conversation/conversation-repository.js'
  );
  const { createEscalationStore } = await import(
    '../src/core/escalations/create-escalation-store.js'
  );
  const { parleyMigrations } = await import('../src/migrations.js');
  const database = createDatabase(databaseUrl);
  await database.migrate(parleyMigrations(database.dialect));
  const store = createEscalationStore(database);
  const repository = createConversationRepository(database);
  const conversations = await Promise.all(
    Array.from({ length: 20 }, () =>
      repository.createConversation({ localeHint: null, language: 'en' }),
    ),
  );
  const languages = ['en', 'fr', 'de', 'es', 'it'] as const;
  const started = performance.now();
  for (let offset = 0; offset < count; offset += SEED_CHUNK) {
    const size = Math.min(SEED_CHUNK, count - offset);
    const escalations = Array.from({ length: size }, (_, chunkIndex) => {
      const index = offset + chunkIndex;
      return {
        createdAt: new Date(Date.UTC(2026, 0, 1) + index * 30_000).toISOString(),
        conversationId: conversations[index % conversations.length]!.id,
        userMessageId: null,
        replyMessageId: null,
        source: 'turn' as const,
        language: languages[index % languages.length]!,
        tier: index % 4 === 0 ? ('human' as const) : ('large' as const),
        routedTier: index % 4 === 0 ? ('human' as const) : ('small' as const),
        reasons:
          index % 4 === 0
            ? (['human_requested'] as const)
            : (['low_retrieval', 'model_uncertain'] as const),
        outcome: index % 4 === 0 ? ('handed_off' as const) : ('answered' as const),
        topScores: [0.41, 0.33, 0.2],
        models: ['mistral.mistral-small-2402-v1:0', 'mistral.mistral-large-2407-v1:0'],
        attempts: [],
        usage: {
          inputTokens: 1200,
          outputTokens: 180,
          cacheReadInputTokens: 0,
          cacheWriteInputTokens: 0,
        },
        costUsd: 0.00696,
        latencyMs: { retrieval: 15, model: 1400, total: 1450 },
        promptVersion: 'bench',
        knowledgeBaseVersion: 'bench',
        answerCacheHit: false,
        excerpt: `Customer message number ${index}, "quoted", with a comma, that needs escaping in CSV and is about as long as a real question.`,
        handoffBy: null,
        channel: 'web' as const,
      };
    });
    await store.recordMany({
      escalations: escalations.map((record) => ({ ...record, reasons: [...record.reasons] })),
    });
  }
  const seconds = (performance.now() - started) / 1000;
  await database.close();
  return seconds;
}

function memoryOf(pid: number): { rssMb: number; peakMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kilobytes = (field: string) =>
    Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
  return { rssMb: kilobytes('VmRSS') / 1024, peakMb: kilobytes('VmHWM') / 1024 };
}

async function startServer(
  databaseUrl: string,
  heapMb: number,
): Promise<{ child: ChildProcess; port: number }> {
  const heapFlags = heapMb > 0 ? [`--max-old-space-size=${heapMb}`] : [];
  const child = spawn(
    process.execPath,
    [...heapFlags, '--import', 'tsx', 'bench/ops-export-bench.ts', '--serve', databaseUrl],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  return { child, port: (JSON.parse(line) as { port: number }).port };
}

function download(
  port: number,
  path: string,
  onChunk: () => void,
): Promise<{ bytes: number; lines: number; status: number }> {
  return new Promise((resolve, reject) => {
    const outgoing = request(
      { host: '127.0.0.1', port, path, headers: { authorization: `Bearer ${OPS_TOKEN}` } },
      (response) => {
        let bytes = 0;
        let lines = 0;
        response.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
          for (const byte of chunk) if (byte === 10) lines += 1;
          onChunk();
        });
        response.on('end', () => resolve({ bytes, lines, status: response.statusCode ?? 0 }));
        response.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    outgoing.end();
  });
}

async function measureAll(sizes: number[], format: string, heapMb: number): Promise<void> {
  const directory = mkdtempSync(join(tmpdir(), 'parley-ops-export-bench-'));
  console.log(
    `${format.toUpperCase()} export over HTTP from a SQLite file; the server runs in its own process (Node ${process.version}, ${heapMb > 0 ? `--max-old-space-size=${heapMb}` : "V8's default heap limit"})`,
  );
  console.log(
    'records    seed s   export s   MB/s    body MB   rows     RSS before  peak RSS during export  peak - before',
  );
  try {
    for (const [index, size] of sizes.entries()) {
      const databaseUrl = `sqlite:${join(directory, `ops-${index}-${size}.db`)}`;
      const seedSeconds = await seed(databaseUrl, size);
      const { child, port } = await startServer(databaseUrl, heapMb);
      try {
        // Warm up (route compilation, first query), then reset the kernel's peak-RSS mark.
        await download(port, `/ops/escalations/export?format=${format}&from=2030-01-01`, () => {});
        writeFileSync(`/proc/${child.pid}/clear_refs`, '5');
        const before = memoryOf(child.pid!);
        let sampledPeak = before.rssMb;
        let chunks = 0;
        const started = performance.now();
        const result = await download(port, `/ops/escalations/export?format=${format}`, () => {
          chunks += 1;
          if (chunks % 64 === 0) sampledPeak = Math.max(sampledPeak, memoryOf(child.pid!).rssMb);
        });
        const seconds = (performance.now() - started) / 1000;
        const after = memoryOf(child.pid!);
        const peak = Math.max(after.peakMb, sampledPeak);
        if (result.status !== 200) throw new Error(`export answered ${result.status}`);
        const dataRows = format === 'csv' ? result.lines - 1 : result.lines;
        console.log(
          [
            String(size).padEnd(10),
            seedSeconds.toFixed(1).padEnd(8),
            seconds.toFixed(2).padEnd(10),
            (result.bytes / 1e6 / seconds).toFixed(1).padEnd(7),
            (result.bytes / 1e6).toFixed(1).padEnd(9),
            String(dataRows).padEnd(8),
            `${before.rssMb.toFixed(0)} MB`.padEnd(11),
            `${peak.toFixed(0)} MB`.padEnd(23),
            `+${(peak - before.rssMb).toFixed(0)} MB`,
          ].join(' '),
        );
      } finally {
        child.kill();
      }
    }
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}
