import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { ConversationRepository } from '../conversation/conversation-repository.js';
import type { EscalationStore } from '../escalations/escalation-store.js';
import type { FeedbackRepository } from '../feedback/feedback-repository.js';
import { priceTableOf, type TierPricing } from '../models/tier-prices.js';
import { parseRoutingCases, type RoutingCase } from '../routing/evaluate-routing.js';
import { formatRoutingReport } from './format-routing-report.js';
import { opsLabelledCases } from './ops-labelled-cases.js';
import { ratedAnswers, routingCaseOfRatedDown } from './rated-answers.js';
import { modelCost, STATED_AVERAGES } from './routing-cost-model.js';
import { scoreRouting } from './routing-score.js';
import {
  type EvaluationPipeline,
  runRoutingThroughPipeline,
} from './run-routing-through-pipeline.js';

export const EVAL_USAGE = `Usage:
  parley eval routing --file CASES.jsonl [--provider local|bedrock] [--json]
                      [--avg-input-tokens N] [--avg-output-tokens N]
      run each {lang, text, tier, reasons} line through the real pipeline (embedded defaults,
      in-memory SQLite) and print tier accuracy, a confusion matrix, recall per reason and a
      modeled cost per 1,000 turns against all-Small and all-Large;
      --provider bedrock answers with the configured Bedrock models (AWS_REGION,
      BEDROCK_*; this spends on Bedrock), so the models' own verdicts count and the cost
      is measured
  parley eval routing --from-ops [--since DATE] [--out FILE]
      turn the ops reviews in DATABASE_URL into such a file (stdout without --out);
      with --out, evaluate it as well; answers customers rated 👎 (not reviewed) join as
      cases one tier up, marked "source":"rated_down" with the customer's comment
  parley eval answers --from-ops [--since DATE] [--out FILE]
      list the questions whose answers customers rated, with the answer, the rating and the
      comment (JSON lines, redacted), oldest rating first
`;

/** `local`: the embedded extractive answerer; `bedrock`: the configured Bedrock models. */
export const EVAL_PROVIDERS = ['local', 'bedrock'] as const;
export type EvalProvider = (typeof EVAL_PROVIDERS)[number];

export interface EvalCommandDeps {
  /** The composed services with a private in-memory database, answering with `provider`. */
  buildPipeline(provider: EvalProvider): Promise<EvaluationPipeline & { close(): Promise<void> }>;
  /** The configured database (DATABASE_URL), for --from-ops. */
  openOpsDatabase(): Promise<{
    store: EscalationStore;
    conversations: Pick<ConversationRepository, 'listMessages'>;
    /** Customer ratings of answers (👎 answers are evaluation material). */
    feedback?: Pick<FeedbackRepository, 'listFeedbackInRange'>;
    redact(text: string): string;
    close(): Promise<void>;
  }>;
  /** Each tier's model id and price, as the service would bill it (tier-prices.ts). */
  pricing: TierPricing;
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

/** `parley eval routing …`; returns the exit code. */
export async function runEvalCommand(argv: string[], deps: EvalCommandDeps): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    deps.stdout.write(EVAL_USAGE);
    return 0;
  }
  const [subject, ...rest] = argv;
  if (subject === 'answers') return runAnswersCommand(rest, deps);
  if (subject !== 'routing') {
    deps.stderr.write(
      `${subject === undefined ? 'Name what to evaluate.' : `Unknown evaluation "${subject}".`}\n\n${EVAL_USAGE}`,
    );
    return 2;
  }
  const { values } = parseArgs({
    args: rest,
    options: {
      file: { type: 'string' },
      'from-ops': { type: 'boolean', default: false },
      since: { type: 'string' },
      out: { type: 'string' },
      json: { type: 'boolean', default: false },
      'avg-input-tokens': { type: 'string' },
      'avg-output-tokens': { type: 'string' },
      provider: { type: 'string', default: 'local' },
    },
  });
  const provider = values.provider as string;
  if (!(EVAL_PROVIDERS as readonly string[]).includes(provider)) {
    deps.stderr.write(
      `--provider must be one of ${EVAL_PROVIDERS.join(', ')} (got "${provider}").\n\n${EVAL_USAGE}`,
    );
    return 2;
  }
  if ((values.file === undefined) === !values['from-ops']) {
    deps.stderr.write(`Give either --file or --from-ops.\n\n${EVAL_USAGE}`);
    return 2;
  }

  let cases: RoutingCase[];
  let source: string;
  if (values['from-ops']) {
    const database = await deps.openOpsDatabase();
    try {
      cases = [];
      for await (const routingCase of opsLabelledCases({
        ...database,
        ...(values.since ? { from: new Date(values.since).toISOString() } : {}),
      }))
        cases.push(routingCase);
      if (database.feedback) {
        const reviewed = new Set(
          cases.map((routingCase) => `${routingCase.lang}\u0000${routingCase.text}`),
        );
        for await (const rated of ratedAnswers({
          feedback: database.feedback,
          conversations: database.conversations,
          redact: database.redact,
          ...(values.since ? { from: new Date(values.since).toISOString() } : {}),
        })) {
          const routingCase = routingCaseOfRatedDown(rated);
          if (routingCase && !reviewed.has(`${routingCase.lang}\u0000${routingCase.text}`))
            cases.push(routingCase);
        }
      }
    } finally {
      await database.close();
    }
    const jsonl =
      cases.map((routingCase) => JSON.stringify(routingCase)).join('\n') +
      (cases.length ? '\n' : '');
    if (values.out === undefined) {
      deps.stdout.write(jsonl);
      return 0;
    }
    await writeFile(values.out, jsonl);
    deps.stderr.write(`Wrote ${cases.length} reviewed case(s) to ${values.out}.\n`);
    if (cases.length === 0) return 0;
    source = `${values.out} (${cases.length} ops reviews)`;
  } else {
    const file = values.file as string;
    cases = parseRoutingCases(await readFile(file, 'utf8'));
    source = `${file} (${cases.length} messages)`;
  }

  const averages = {
    input: Number(values['avg-input-tokens'] ?? STATED_AVERAGES.call.input),
    output: Number(values['avg-output-tokens'] ?? STATED_AVERAGES.call.output),
  };
  if (!(averages.input >= 0 && averages.output >= 0)) {
    deps.stderr.write('--avg-input-tokens and --avg-output-tokens must be non-negative numbers.\n');
    return 2;
  }
  const pipeline = await deps.buildPipeline(provider as EvalProvider);
  try {
    const routed = await runRoutingThroughPipeline(pipeline, cases);
    const score = scoreRouting(routed);
    const measured =
      pipeline.models.small.provider === 'bedrock' && pipeline.models.large.provider === 'bedrock';
    const cost = modelCost(routed, priceTableOf(deps.pricing), { measured, averages });
    if (values.json) {
      deps.stdout.write(
        `${JSON.stringify({ source, score: { ...score, misrouted: score.misrouted.map(({ lang, text, expected, actual }) => ({ lang, text, expected, actual: { tier: actual.tier, reasons: actual.reasons } })) }, cost, prices: deps.pricing }, null, 2)}\n`,
      );
    } else {
      const backends = `${pipeline.models.small.provider} models, ${measured ? 'measured tokens' : 'local retriever and extractive answerer'}`;
      deps.stdout.write(
        formatRoutingReport({ source, score, cost, pricing: deps.pricing, backends }),
      );
    }
    return 0;
  } finally {
    await pipeline.close();
  }
}

/** `parley eval answers --from-ops`: the rated answers as JSON lines. */
async function runAnswersCommand(argv: string[], deps: EvalCommandDeps): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      'from-ops': { type: 'boolean', default: false },
      since: { type: 'string' },
      out: { type: 'string' },
    },
  });
  if (!values['from-ops']) {
    deps.stderr.write(
      `parley eval answers reads the ops database: give --from-ops.\n\n${EVAL_USAGE}`,
    );
    return 2;
  }
  const database = await deps.openOpsDatabase();
  const lines: string[] = [];
  const counts = { up: 0, down: 0 };
  try {
    if (database.feedback)
      for await (const rated of ratedAnswers({
        feedback: database.feedback,
        conversations: database.conversations,
        redact: database.redact,
        ...(values.since ? { from: new Date(values.since).toISOString() } : {}),
      })) {
        counts[rated.rating]++;
        lines.push(JSON.stringify(rated));
      }
  } finally {
    await database.close();
  }
  const jsonl = lines.map((line) => `${line}\n`).join('');
  if (values.out === undefined) deps.stdout.write(jsonl);
  else await writeFile(values.out, jsonl);
  deps.stderr.write(
    `${lines.length} rated answer(s): ${counts.up} helpful, ${counts.down} not helpful${values.out ? ` (written to ${values.out})` : ''}.\n`,
  );
  return 0;
}
