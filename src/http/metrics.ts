import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';
import type { AnswerCache } from '../core/conversation/answer-cache.js';
import type { TurnObserver } from '../core/conversation/conversation-service-types.js';

/** Prometheus metrics of this process. One registry per app so tests can build several apps. */
export function createMetrics(options: { answerCache: AnswerCache }) {
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
      this.inc(options.answerCache.stats.hits);
    },
  });

  // Every turn increments about ten series; prom-client hashes and validates a label object on each
  // call, so each label combination's child is looked up once and kept.
  const turnsOf = childrenOf((tier: string, language: string, outcome: string) =>
    turns.labels(tier, language, outcome),
  );
  const reasonOf = childrenOf((reason: string) => reasons.labels(reason));
  const durationOf = childrenOf((tier: string) => duration.labels(tier));
  const tokensOf = childrenOf((tier: string, kind: string) => tokens.labels(tier, kind));
  const costOf = childrenOf((tier: string) => cost.labels(tier));

  const turnObserver: TurnObserver = {
    onTurn({ telemetry }) {
      turnsOf(telemetry.tier, telemetry.language, telemetry.outcome).inc();
      for (const reason of telemetry.reasons) reasonOf(reason).inc();
      durationOf(telemetry.tier).observe(telemetry.latencyMs.total / 1000);
      for (const attempt of telemetry.attempts) {
        tokensOf(attempt.tier, 'input').inc(attempt.usage.inputTokens);
        tokensOf(attempt.tier, 'output').inc(attempt.usage.outputTokens);
        tokensOf(attempt.tier, 'cache_read').inc(attempt.usage.cacheReadInputTokens);
        tokensOf(attempt.tier, 'cache_write').inc(attempt.usage.cacheWriteInputTokens);
        costOf(attempt.tier).inc(attempt.costUsd);
      }
    },
  };
  return { registry, turnObserver };
}

/** A metric's child per label combination, created on first use (label values come from small fixed sets). */
function childrenOf<Values extends string[], Child>(
  create: (...values: Values) => Child,
): (...values: Values) => Child {
  const children = new Map<string, Child>();
  return (...values) => {
    const key = values.join('\u0000');
    let child = children.get(key);
    if (child === undefined) {
      child = create(...values);
      children.set(key, child);
    }
    return child;
  };
}
