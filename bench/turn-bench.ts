/**
 * `npm run bench:turn`: JSON turns on the embedded defaults under load (autocannon), beside a bare
 * Fastify JSON route measured in the same run on the same machine. Each server runs in its own
 * process so the load generator does not share its event loop.
 *   --duration 10   seconds per measurement
 *   --connections 10
 *   --mode bedrock  runs bench/turn-bedrock-bench.ts instead (streamed turns against the Bedrock stand-in)
 */
import autocannon from 'autocannon';
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';

// `--mode bedrock`: streamed turns against the Bedrock stand-in (bench/turn-bedrock-bench.ts, its own options).
if (parseArgs({ options: { mode: { type: 'string' } }, strict: false }).values.mode === 'bedrock') {
  await import('./turn-bedrock-bench.js');
  process.exit(0);
}

const { values } = parseArgs({
  options: { mode: { type: 'string', default: 'local' }, duration: { type: 'string', default: '10' }, connections: { type: 'string', default: '10' } },
});
const duration = Number(values.duration);
const connections = Number(values.connections);

const QUESTIONS = [
  'How long does delivery take to Germany?',
  'Comment puis-je réinitialiser mon mot de passe ?',
  'Welche Zahlungsmethoden akzeptiert ihr?',
  '¿Cuánto tiempo tengo para devolver un pedido?',
  'Come posso scaricare la mia fattura?',
  'Can I exchange shoes for a bigger size?',
  'Wie kann ich mein Abo kündigen?',
  'Où puis-je suivre ma commande ?',
];

interface Target {
  url: string;
  conversations: Array<{ id: string; token: string }>;
  process: ChildProcess;
}

async function startTarget(mode: 'bare' | 'parley'): Promise<Target> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/support/bench-target.ts', mode], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! });
  const first = await new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`${mode} target exited with ${code}`)));
  });
  return { ...JSON.parse(first), process: child };
}

function run(options: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon(options, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

async function measure(mode: 'bare' | 'parley') {
  const target = await startTarget(mode);
  try {
    let counter = 0;
    const common = { url: target.url, connections, duration, method: 'POST' as const, headers: { 'content-type': 'application/json', accept: 'application/json' } };
    // Warm-up: JIT, SQLite page cache, search index.
    await run({ ...common, duration: 2, ...requestsFor(mode, target, () => counter++) });
    const result = await run({ ...common, ...requestsFor(mode, target, () => counter++) });
    return {
      target: mode === 'bare' ? 'bare Fastify route' : 'Parley JSON turn',
      'req/s': Math.round(result.requests.average),
      'p50 ms': result.latency.p50,
      'p99 ms': result.latency.p99,
      errors: result.errors + result.non2xx,
      requests: result.requests.total,
    };
  } finally {
    target.process.kill();
  }
}

function requestsFor(mode: 'bare' | 'parley', target: Target, next: () => number): Partial<autocannon.Options> {
  if (mode === 'bare') return { requests: [{ path: '/echo', body: JSON.stringify({ text: QUESTIONS[0] }) }] };
  return {
    requests: [
      {
        setupRequest: (request) => {
          const index = next();
          const conversation = target.conversations[index % target.conversations.length]!;
          return {
            ...request,
            path: `/v1/conversations/${conversation.id}/messages`,
            headers: { ...request.headers, authorization: `Bearer ${conversation.token}` },
            body: JSON.stringify({ text: QUESTIONS[index % QUESTIONS.length] }),
          };
        },
      },
    ],
  };
}

const bare = await measure('bare');
const parley = await measure('parley');
console.table([bare, parley]);
const ratio = parley['req/s'] / bare['req/s'];
console.log(`Parley throughput = ${(ratio * 100).toFixed(1)}% of the bare Fastify route (target >= 25%), ${connections} connections, ${duration}s each.`);
