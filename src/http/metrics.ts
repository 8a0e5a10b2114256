import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { AnswerCacheStats } from '../core/conversation/answer-cache.js';
import type { TurnEvent } from '../core/conversation/create-conversation-service.js';
import type { MessageFeedback } from '../core/feedback/feedback.js';
import type { OutcomeStats } from '../core/outcomes/outcome-figures.js';

/** Prometheus metrics of this process. One registry per app so tests can build several apps. */
/** The conversations the outcome gauge covers: those begun this many days back, judged at scrape. */
export const OUTCOME_METRIC_DAYS = 7;

export function createMetrics(options: {
  answerCacheStats: AnswerCacheStats;
  /** Outcome figures of conversations begun from an instant on (the outcome gauge). */
  outcomeStats?: (from: string) => Promise<OutcomeStats>;
  /** Customers waiting for a person (the inbox queue), read at each scrape. */
  waiting?: () => Promise<{ count: number; oldestRequestedAt: string | null }>;
}) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const turns = new Counter({
    name: 'parley_turns_total',
    help: 'Customer turns answered, by final tier, language and outcome',
    labelNames: ['tier', 'language', 'outcome'] as const,
    registers: [registry],
  });
  const reasons = new Counter({
    name: 'parley_escalation_reasons_total',
    help: 'Routing and cascade reasons that fired',
    labelNames: ['reason'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'parley_turn_duration_seconds',
    help: 'Time from a stored customer message to its stored reply',
    labelNames: ['tier'] as const,
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30],
    registers: [registry],
  });
  const tokens = new Counter({
    name: 'parley_model_tokens_total',
    help: 'Model tokens by tier and kind',
    labelNames: ['tier', 'kind'] as const,
    registers: [registry],
  });
  const cost = new Counter({
    name: 'parley_model_cost_usd_total',
    help: 'Model cost in USD by tier',
    labelNames: ['tier'] as const,
    registers: [registry],
  });
  new Counter({
    name: 'parley_answer_cache_hits_total',
    help: 'Repeated questions answered from the answer cache without a model call',
    registers: [registry],
    collect() {
      this.reset();
      this.inc(options.answerCacheStats.hits);
    },
  });

  const feedback = new Counter({
    name: 'parley_feedback_total',
    help: "Customer ratings of the bot's answers (a changed rating counts again), by rating and language",
    labelNames: ['rating', 'language'] as const,
    registers: [registry],
  });
  const outcomeStats = options.outcomeStats;
  if (outcomeStats) {
    // An outcome is a judgement of the log at a time, not an event: it is recomputed at each
    // scrape over the recent conversations (a conversation moves from open to its outcome).
    new Gauge({
      name: 'parley_conversations_by_outcome',
      help: `Customer conversations begun in the last ${OUTCOME_METRIC_DAYS} days by outcome now (resolved_by_bot split into hard and soft), by language`,
      labelNames: ['language', 'outcome'] as const,
      registers: [registry],
      async collect() {
        const from = new Date(Date.now() - OUTCOME_METRIC_DAYS * 86_400_000).toISOString();
        const stats = await outcomeStats(from);
        this.reset();
        for (const [language, figures] of Object.entries(stats.outcomesByLanguage)) {
          const { resolved_by_bot: bot, ...others } = figures.outcomes;
          this.labels(language, 'resolved_by_bot_hard').set(bot.hard);
          this.labels(language, 'resolved_by_bot_soft').set(bot.soft);
          for (const [outcome, count] of Object.entries(others))
            this.labels(language, outcome).set(count);
        }
      },
    });
  }

  const { waiting } = options;
  if (waiting) {
    // One query per scrape serves both gauges.
    let reading: Promise<{ count: number; oldestRequestedAt: string | null }> | undefined;
    const read = () => {
      reading ??= waiting().finally(() => {
        reading = undefined;
      });
      return reading;
    };
    new Gauge({
      name: 'parley_handoff_queue_length',
      help: 'Customer conversations waiting for a person (handoff requested, nobody took over)',
      registers: [registry],
      async collect() {
        this.set((await read()).count);
      },
    });
    new Gauge({
      name: 'parley_handoff_oldest_wait_seconds',
      help: 'How long the customer waiting longest has waited for a person (0: nobody waits)',
      registers: [registry],
      async collect() {
        const { oldestRequestedAt } = await read();
        this.set(
          oldestRequestedAt ? Math.max(0, (Date.now() - Date.parse(oldestRequestedAt)) / 1000) : 0,
        );
      },
    });
  }

  function onFeedback(rated: MessageFeedback): void {
    if (rated.channel !== 'web') return;
    feedback.labels(rated.rating, rated.language ?? 'unknown').inc();
  }

  function onTurn({ telemetry }: TurnEvent): void {
    turns.labels(telemetry.tier, telemetry.language, telemetry.outcome).inc();
    for (const reason of telemetry.reasons) reasons.labels(reason).inc();
    duration.labels(telemetry.tier).observe(telemetry.latencyMs.total / 1000);
    for (const attempt of telemetry.attempts) {
      tokens.labels(attempt.tier, 'input').inc(attempt.usage.inputTokens);
      tokens.labels(attempt.tier, 'output').inc(attempt.usage.outputTokens);
      tokens.labels(attempt.tier, 'cache_read').inc(attempt.usage.cacheReadInputTokens);
      tokens.labels(attempt.tier, 'cache_write').inc(attempt.usage.cacheWriteInputTokens);
      cost.labels(attempt.tier).inc(attempt.costUsd);
    }
  }
  return { registry, onTurn, onFeedback };
}
