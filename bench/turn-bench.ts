/**
 * `npm run bench:turn`: JSON turns on the embedded defaults under load (autocannon), beside a bare
 * Fastify JSON route measured in the same run on the same machine. Each server runs in its own
 * process so the load generator does not share its event loop.
 *
 * The targets take turns in rounds (bare, realistic, unique, bare, realistic, …) and every
 * Parley row is compared with the bare rows measured just before and after it: this machine's
 * speed drifts by 10-40% within a minute, and one baseline at one end of the run tilted the
 * ratio. The table shows each target's median round; the ratio is the median of the rounds'.
 *
 * Two Parley rows: realistic traffic (several hundred distinct customer questions in five
 * languages, Zipf-distributed popularity, a few turns per conversation, see
 * support/turn-bench-questions.ts), and the cold-cache worst case where every message is unique.
 * Every turn is a full turn: stored before it is answered, reply and turn record stored after.
 *   --duration 10   seconds per measurement
 *   --rounds 3      measurements of each target, interleaved
 *   --connections 10
 *   --turns 3       customer messages per conversation (a conversation's turns are
 *                   CONVERSATION_BLOCK requests apart, so each waits for the previous answer)
 *   --conversations N       created per Parley target before the run; by default enough for 4,000
 *                           turns/s over the warm-up and every round, so no conversation is
 *                           reused (reused turns would land in
 *                           conversations already handed off, which answer differently); the bench
 *                           warns when a target ran past them
 *   --cpu-prof-dir DIR      write a CPU profile of each Parley server process there
 *   --mode bedrock  runs bench/turn-bedrock-bench.ts instead (streamed turns against the Bedrock stand-in)
 */

import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { createQuestionMix } from './support/turn-bench-questions.js';

// `--mode bedrock`: streamed turns against the Bedrock stand-in (bench/turn-bedrock-bench.ts, its own options).
if (parseArgs({ options: { mode: { type: 'string' } }, strict: false }).values.mode === 'bedrock') {
  await import('./turn-bedrock-bench.js');
  process.exit(0);
}

const { values } = parseArgs({
  options: {
    mode: { type: 'string', default: 'local' },
    duration: { type: 'string', default: '10' },
    rounds: { type: 'string', default: '3' },
    connections: { type: 'string', default: '10' },
    turns: { type: 'string', default: '3' },
    conversations: { type: 'string' },
    'cpu-prof-dir': { type: 'string' },
  },
});
const duration = Number(values.duration);
const rounds = Math.max(1, Number(values.rounds));
const connections = Number(values.connections);
const turnsPerConversation = Number(values.turns);
/** Turns per second that the default number of conversations covers (well above Parley's rows). */
const COVERED_TURNS_PER_SECOND = 4000;
const WARM_UP_SECONDS = 2;
function conversationCount(): number {
  if (values.conversations !== undefined) return Number(values.conversations);
  return Math.ceil(
    (COVERED_TURNS_PER_SECOND * (WARM_UP_SECONDS + rounds * duration)) / turnsPerConversation,
  );
}
/** Conversations in flight together: well above the connection count. */
const CONVERSATION_BLOCK = Math.max(50, 5 * connections);

type Mode = 'bare' | 'parley' | 'parley-unique';

interface Target {
  url: string;
  conversations: Array<{ id: string; token: string }>;
  process: ChildProcess;
}

interface CacheStats {
  cpuMicros: number;
  answerCache: { hits: number; misses: number } | null;
  retrieval: { hits: number; misses: number } | null;
}

async function startTarget(mode: Mode): Promise<Target> {
  const profile =
    mode !== 'bare' && values['cpu-prof-dir']
      ? ['--cpu-prof', `--cpu-prof-dir=${values['cpu-prof-dir']}`]
      : [];
  const targetMode = mode === 'parley-unique' ? 'parley' : mode;
  const args = [
    ...profile,
    '--import',
    'tsx',
    'bench/support/bench-target.ts',
    targetMode,
    String(conversationCount()),
  ];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
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

async function cacheStats(target: Target): Promise<CacheStats> {
  const response = await fetch(new URL('/bench/stats', target.url));
  return (await response.json()) as CacheStats;
}

function percent(part: number, whole: number): string {
  return whole === 0 ? '-' : `${((100 * part) / whole).toFixed(0)}%`;
}

type Row = Awaited<ReturnType<typeof measureOnce>>;

interface Running {
  mode: Mode;
  target: Target;
  traffic: ReturnType<typeof trafficFor>;
}

async function start(mode: Mode): Promise<Running> {
  const target = await startTarget(mode);
  const traffic = trafficFor(mode, target);
  // Warm-up: JIT, SQLite page cache, search index (and, for realistic traffic, whatever it caches).
  await run({ ...commonOptions(target), duration: WARM_UP_SECONDS, requests: traffic.requests });
  return { mode, target, traffic };
}

function commonOptions(target: Target) {
  return {
    url: target.url,
    connections,
    duration,
    method: 'POST' as const,
    headers: { 'content-type': 'application/json', accept: 'application/json' },
  };
}

async function measureOnce({ mode, target, traffic }: Running) {
  traffic.tiers.small = traffic.tiers.large = traffic.tiers.human = 0;
  const before = await cacheStats(target);
  const result = await run({ ...commonOptions(target), requests: traffic.requests });
  const after = await cacheStats(target);
  const turns = traffic.tiers.small + traffic.tiers.large + traffic.tiers.human;
  const delta = (pick: (stats: CacheStats) => { hits: number; misses: number } | null) => {
    const start = pick(before);
    const end = pick(after);
    return start && end
      ? { hits: end.hits - start.hits, misses: end.misses - start.misses }
      : undefined;
  };
  const answers = delta((stats) => stats.answerCache);
  const retrieval = delta((stats) => stats.retrieval);
  return {
    target: {
      bare: 'bare Fastify route',
      parley: `Parley turn, ${traffic.distinct} questions, Zipf`,
      'parley-unique': 'Parley turn, every message unique',
    }[mode],
    'req/s': Math.round(result.requests.average),
    'p50 ms': result.latency.p50,
    'p99 ms': result.latency.p99,
    // Server CPU per request: what the wall-clock rate would be on an idle core, load aside.
    'server CPU ms/req': Number(
      ((after.cpuMicros - before.cpuMicros) / 1000 / Math.max(1, result.requests.total)).toFixed(3),
    ),
    errors: result.errors + result.non2xx,
    requests: result.requests.total,
    'answer cache hits': answers ? percent(answers.hits, turns) : '-',
    'retrieval cache hits': retrieval
      ? percent(retrieval.hits, retrieval.hits + retrieval.misses)
      : '-',
    'small/large/human':
      turns === 0
        ? '-'
        : [traffic.tiers.small, traffic.tiers.large, traffic.tiers.human]
            .map((count) => percent(count, turns))
            .join(' / '),
  };
}

function trafficFor(mode: Mode, target: Target) {
  const tiers = { small: 0, large: 0, human: 0 };
  if (mode === 'bare') {
    return {
      distinct: 1,
      tiers,
      requests: [
        {
          path: '/echo',
          body: JSON.stringify({ text: 'How long does delivery take to Germany?' }),
        },
      ],
      reusedConversations: () => false,
    };
  }
  // Unique messages draw their base question uniformly: the head of a Zipf draw would run out of
  // greeting combinations, and popularity cannot matter when nothing repeats anyway.
  const mix = createQuestionMix(mode === 'parley-unique' ? { unique: true, exponent: 0 } : {});
  let counter = 0;
  const requests: autocannon.Request[] = [
    {
      setupRequest: (request) => {
        const index = counter++;
        const { conversationIndex, turn } = turnOf(index, target.conversations.length);
        const conversation = target.conversations[conversationIndex]!;
        const text = mix.messageFor(conversationIndex, turn);
        return {
          ...request,
          path: `/v1/conversations/${conversation.id}/messages`,
          headers: { ...request.headers, authorization: `Bearer ${conversation.token}` },
          // The widget sends a clientMessageId with every message (retry safety); so does the bench.
          body: JSON.stringify({ text, clientMessageId: `bench-${index}` }),
        };
      },
      onResponse: (status, body) => {
        // The reply's tier: the user message's own tier is null, so the first quoted one is the reply's.
        const tier = status === 200 ? /"tier":"(small|large|human)"/.exec(body)?.[1] : undefined;
        if (tier === 'small' || tier === 'large' || tier === 'human') tiers[tier] += 1;
      },
    },
  ];
  return {
    distinct: mix.distinct,
    tiers,
    requests,
    reusedConversations: () => counter > target.conversations.length * turnsPerConversation,
  };
}

/** Request `index` is turn `turn` of conversation `conversationIndex`: blocks of conversations take turns. */
function turnOf(index: number, available: number): { conversationIndex: number; turn: number } {
  const perBlock = CONVERSATION_BLOCK * turnsPerConversation;
  const block = Math.floor(index / perBlock);
  const first = block * CONVERSATION_BLOCK;
  const withinBlock = index % perBlock;
  return {
    conversationIndex: (first + (withinBlock % CONVERSATION_BLOCK)) % available,
    // Past the last created conversation the first ones get further turns.
    turn:
      Math.floor(withinBlock / CONVERSATION_BLOCK) +
      turnsPerConversation * Math.floor(first / available),
  };
}

const median = (numbers: number[]) => {
  const sorted = [...numbers].sort((left, right) => left - right);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};
/** The round whose req/s is the median: its other columns belong to the same measurement. */
const medianRow = (rows: Row[]) =>
  [...rows].sort((left, right) => left['req/s'] - right['req/s'])[
    Math.floor((rows.length - 1) / 2)
  ]!;

const targets = {
  bare: await start('bare'),
  parley: await start('parley'),
  unique: await start('parley-unique'),
};
const bare: Row[] = [await measureOnce(targets.bare)];
const parley: Row[] = [];
const unique: Row[] = [];
const realisticRatios: number[] = [];
const uniqueRatios: number[] = [];
try {
  for (let round = 0; round < rounds; round += 1) {
    const realistic = await measureOnce(targets.parley);
    const everyUnique = await measureOnce(targets.unique);
    const bareAfter = await measureOnce(targets.bare);
    // Each Parley row against the mean of the bare rows just before and after its round.
    const baseline = (bare.at(-1)!['req/s'] + bareAfter['req/s']) / 2;
    realisticRatios.push(realistic['req/s'] / baseline);
    uniqueRatios.push(everyUnique['req/s'] / baseline);
    parley.push(realistic);
    unique.push(everyUnique);
    bare.push(bareAfter);
    process.stderr.write(
      `round ${round + 1}/${rounds}: bare ${bareAfter['req/s']} req/s, realistic ${realistic['req/s']} (${(100 * realisticRatios.at(-1)!).toFixed(1)}%), unique ${everyUnique['req/s']} (${(100 * uniqueRatios.at(-1)!).toFixed(1)}%)\n`,
    );
  }
} finally {
  for (const running of Object.values(targets)) running.target.process.kill();
}
for (const running of Object.values(targets)) {
  if (running.traffic.reusedConversations()) {
    process.stderr.write(
      `warning: the ${running.mode} target ran out of fresh conversations and reused some (their answers differ once handed off); pass a larger --conversations\n`,
    );
  }
}
console.table([medianRow(bare), medianRow(parley), medianRow(unique)]);
const asPercent = (ratios: number[]) => `${(100 * median(ratios)).toFixed(1)}%`;
const range = (ratios: number[]) =>
  `${(100 * Math.min(...ratios)).toFixed(1)}–${(100 * Math.max(...ratios)).toFixed(1)}%`;
console.log(
  `Parley throughput = ${asPercent(realisticRatios)} of the bare Fastify route (median of ${rounds} rounds, each against the bare rows around it; rounds ${range(realisticRatios)}) on realistic traffic, ${asPercent(uniqueRatios)} with every message unique (${range(uniqueRatios)}); ${connections} connections, ${duration}s each, ${turnsPerConversation} turns per conversation.`,
);
