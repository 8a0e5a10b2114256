/**
 * `npm run bench:turn -- --mode bedrock`: streamed turns through Parley on Bedrock, against the
 * Bedrock stand-in pacing its answers like a model. Parley runs in its own process (the real SDK
 * clients, MODEL_PROVIDER=bedrock, RETRIEVER=bedrock, fake credentials); this process runs the
 * stand-in and the SSE clients. Reports the stand-in's own time to first token, the time to the
 * first `delta` seen by the client, and their per-turn difference: what Parley adds.
 *   --turns 200               measured turns (after 6 warm-up turns)
 *   --concurrency 10          turns in flight at once
 *   --tokens-per-second 50    stand-in token rate
 *   --first-token-ms 300      stand-in delay before the first token
 * The answer cache is off (ANSWER_CACHE_SIZE=0) so that every turn streams from the model.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import diagnostics from 'node:diagnostics_channel';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { defaultAnswer, startBedrockStandIn } from '../test/support/bedrock-stand-in.js';

const { values } = parseArgs({
  options: {
    mode: { type: 'string', default: 'bedrock' },
    turns: { type: 'string', default: '200' },
    concurrency: { type: 'string', default: '10' },
    'tokens-per-second': { type: 'string', default: '50' },
    'first-token-ms': { type: 'string', default: '300' },
  },
});
const turns = Number(values.turns);
const concurrency = Number(values.concurrency);
const tokensPerSecond = Number(values['tokens-per-second']);
const firstTokenDelayMs = Number(values['first-token-ms']);
const WARM_UP_TURNS = 6;

/** Questions the stand-in's Knowledge Base answers in their own language (routed small, no cascade). */
const QUESTIONS = [
  'How can I track my order?',
  'How do I reset my password?',
  'Can I exchange shoes for a bigger size?',
  'How do I download my invoice?',
  'Comment puis-je réinitialiser mon mot de passe ?',
  'Où puis-je suivre ma commande ?',
  'Wie lange dauert der Versand nach Österreich?',
  'Wie kann ich meine Bestellung verfolgen?',
  '¿Cuánto tiempo tengo para devolver un pedido?',
  '¿Cómo puedo restablecer mi contraseña?',
  'Come posso reimpostare la password?',
  '¿Cómo puedo seguir mi pedido?',
];

/** One ConverseStream as the stand-in saw it, on this process's clock. */
interface ModelTiming {
  question: string | undefined;
  arrivedAt: number;
  firstDeltaAt?: number;
  endedAt?: number;
  claimed: boolean;
}

/** One turn as the client saw it. */
interface TurnTiming {
  question: string;
  sentAt: number;
  routeAt?: number;
  firstDeltaAt?: number;
  replyAt?: number;
  tier?: string;
  failed?: string;
}

const modelTimings: ModelTiming[] = [];
const retrieveDurations: number[] = [];
let questionBeingAnswered: string | undefined;

// Instrument the stand-in from outside: Node announces every request its HTTP server receives.
diagnostics.subscribe('http.server.request.start', (message) => {
  const { request, response } = message as { request: IncomingMessage; response: ServerResponse };
  const arrivedAt = performance.now();
  if (request.url?.endsWith('/retrieve')) {
    response.once('finish', () => retrieveDurations.push(performance.now() - arrivedAt));
    return;
  }
  if (!request.url?.endsWith('/converse-stream')) return;
  const timing: ModelTiming = { question: undefined, arrivedAt, claimed: false };
  modelTimings.push(timing);
  const write = response.write.bind(response) as (chunk: unknown, ...rest: unknown[]) => boolean;
  response.write = ((chunk: unknown, ...rest: unknown[]) => {
    // The stand-in computes the answer and writes messageStart in the same tick: this is its question.
    timing.question ??= questionBeingAnswered;
    if (
      timing.firstDeltaAt === undefined &&
      Buffer.isBuffer(chunk) &&
      chunk.includes('contentBlockDelta')
    )
      timing.firstDeltaAt = performance.now();
    return write(chunk, ...rest);
  }) as typeof response.write;
  response.once('finish', () => (timing.endedAt = performance.now()));
});

const standIn = await startBedrockStandIn({
  tokensPerSecond,
  firstTokenDelayMs,
  answer: (request) => {
    questionBeingAnswered = request.userText;
    return defaultAnswer(request);
  },
});

interface Target {
  url: string;
  conversations: Array<{ id: string; token: string }>;
  process: ChildProcess;
}

async function startParley(conversationCount: number): Promise<Target> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'bench/support/bench-target.ts', 'parley', String(conversationCount)],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: {
        ...process.env,
        MODEL_PROVIDER: 'bedrock',
        RETRIEVER: 'bedrock',
        BEDROCK_KB_ID: 'BENCHKB001',
        BEDROCK_RUNTIME_ENDPOINT: standIn.url,
        BEDROCK_AGENT_RUNTIME_ENDPOINT: standIn.url,
        AWS_REGION: 'eu-west-3',
        AWS_ACCESS_KEY_ID: 'AKIDPARLEYBENCH',
        AWS_SECRET_ACCESS_KEY: 'parley-bench-fake-secret',
        AWS_SESSION_TOKEN: '',
        AWS_PROFILE: '',
        AWS_EC2_METADATA_DISABLED: 'true',
        ANSWER_CACHE_SIZE: '0',
        NODE_NO_WARNINGS: '1',
      },
    },
  );
  const lines = createInterface({ input: child.stdout! });
  const first = await new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`the Parley process exited with ${code}`)));
  });
  return { ...JSON.parse(first), process: child };
}

async function streamTurn(
  target: Target,
  conversation: { id: string; token: string },
  question: string,
): Promise<TurnTiming> {
  const timing: TurnTiming = { question, sentAt: performance.now() };
  try {
    const response = await fetch(`${target.url}/v1/conversations/${conversation.id}/messages`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'text/event-stream',
        authorization: `Bearer ${conversation.token}`,
      },
      body: JSON.stringify({ text: question }),
    });
    if (response.status !== 200 || !response.body) throw new Error(`HTTP ${response.status}`);
    const decoder = new TextDecoder();
    let body = '';
    for await (const chunk of response.body) {
      const now = performance.now();
      body += decoder.decode(chunk, { stream: true });
      if (timing.routeAt === undefined && body.includes('event: route')) timing.routeAt = now;
      if (timing.firstDeltaAt === undefined && body.includes('event: delta'))
        timing.firstDeltaAt = now;
      if (timing.replyAt === undefined && body.includes('event: reply')) timing.replyAt = now;
    }
    if (body.includes('event: reset') || body.includes('event: error'))
      timing.failed = 'reset or error event';
    timing.tier = /"tier":"(\w+)"/.exec(body)?.[1];
  } catch (error) {
    timing.failed = error instanceof Error ? error.message : String(error);
  }
  return timing;
}

async function runTurns(
  target: Target,
  count: number,
  parallel: number,
  offset: number,
): Promise<TurnTiming[]> {
  const results: TurnTiming[] = [];
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const index = next;
      next += 1;
      // A fresh conversation per turn: the same question twice in one conversation is a repeated_question (Large).
      const conversation = target.conversations[offset + index]!;
      results.push(
        await streamTurn(target, conversation, QUESTIONS[(offset + index) % QUESTIONS.length]!),
      );
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  return results;
}

/** The stand-in's stream for a turn: same question, arrived after the client sent it, first token before the client saw one. */
function modelTimingOf(turn: TurnTiming): ModelTiming | undefined {
  const match = modelTimings.find(
    (timing) =>
      !timing.claimed &&
      timing.question === turn.question &&
      timing.arrivedAt >= turn.sentAt &&
      timing.firstDeltaAt !== undefined &&
      timing.firstDeltaAt <= (turn.firstDeltaAt ?? Infinity),
  );
  if (match) match.claimed = true;
  return match;
}

function percentile(samples: readonly number[], fraction: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((left, right) => left - right);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1))]!;
}

function row(name: string, samples: readonly number[]) {
  const round = (value: number) => Math.round(value * 10) / 10;
  return {
    measure: name,
    'p50 ms': round(percentile(samples, 0.5)),
    'p95 ms': round(percentile(samples, 0.95)),
    'max ms': round(percentile(samples, 1)),
    samples: samples.length,
  };
}

const target = await startParley(WARM_UP_TURNS + turns);
try {
  // Warm-up: JIT, SQLite, the SDK's connection pool and credential resolution.
  await runTurns(target, WARM_UP_TURNS, 2, 0);
  modelTimings.length = 0;
  retrieveDurations.length = 0;
  const started = performance.now();
  const results = await runTurns(target, turns, concurrency, WARM_UP_TURNS);
  const elapsedSeconds = (performance.now() - started) / 1000;
  const modelCalls = modelTimings.length;

  const good = results.filter(
    (turn) => !turn.failed && turn.firstDeltaAt !== undefined && turn.replyAt !== undefined,
  );
  const paired = good
    .map((turn) => ({ turn, model: modelTimingOf(turn) }))
    .filter((pair): pair is { turn: TurnTiming; model: ModelTiming } => pair.model !== undefined);
  const standInFirstToken = paired.map(({ model }) => model.firstDeltaAt! - model.arrivedAt);
  const clientFirstDelta = paired.map(({ turn }) => turn.firstDeltaAt! - turn.sentAt);
  const added = paired.map(
    ({ turn, model }) => turn.firstDeltaAt! - turn.sentAt - (model.firstDeltaAt! - model.arrivedAt),
  );
  const beforeModel = paired.map(({ turn, model }) => model.arrivedAt - turn.sentAt);
  const afterLastToken = paired
    .filter(({ model }) => model.endedAt !== undefined)
    .map(({ turn, model }) => turn.replyAt! - model.endedAt!);

  console.log(
    `Parley (MODEL_PROVIDER=bedrock, RETRIEVER=bedrock) against the Bedrock stand-in: ${tokensPerSecond} tokens/s, first token after ${firstTokenDelayMs} ms; ` +
      `${turns} streamed turns, ${concurrency} in flight, answer cache off.`,
  );
  console.table([
    row('stand-in time to first token (request in → first delta frame out)', standInFirstToken),
    row('client time to first delta (POST sent → first `delta` event)', clientFirstDelta),
    row('Parley adds to the first delta (client − stand-in, per turn)', added),
    row('  of which before the model call (POST → ConverseStream arrives)', beforeModel),
    row('  Knowledge Base Retrieve at the stand-in', retrieveDurations),
    row(
      'client time to `route` event',
      good.map((turn) => turn.routeAt! - turn.sentAt),
    ),
    row(
      'total turn time (POST sent → `reply` event)',
      good.map((turn) => turn.replyAt! - turn.sentAt),
    ),
    row('last token → `reply` event (store reply, send it)', afterLastToken),
  ]);
  const failures = results.filter((turn) => turn.failed);
  const tiers: Record<string, number> = {};
  for (const turn of results) tiers[turn.tier ?? '?'] = (tiers[turn.tier ?? '?'] ?? 0) + 1;
  console.log(
    `${results.length} turns in ${elapsedSeconds.toFixed(1)} s (${(results.length / elapsedSeconds).toFixed(1)} turns/s); ` +
      `tiers ${JSON.stringify(tiers)}; ${modelCalls} ConverseStream calls; ${paired.length} turns paired with their stand-in stream; ` +
      `${failures.length} failed${failures.length ? ` (${failures[0]?.failed})` : ''}.`,
  );
} finally {
  target.process.kill();
  await standIn.close();
}
