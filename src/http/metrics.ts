import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { TurnObserver } from '../core/conversation/conversation-service-types.js';
import type { AnswerCache } from '../core/conversation/answer-cache.js';

/** Prometheus metrics of this process. One registry per app so tests can build several apps. */
export function createMetrics(options: { answerCache: AnswerCache }) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const turns = new Counter({ name: 'parley_turns_total', help: 'Customer turns answered, by final tier, language and outcome', labelNames: ['tier', 'language', 'outcome'] as const, registers: [registry] });
  const reasons = new Counter({ name: 'parley_escalation_reasons_total', help: 'Routing and cascade reasons that fired', labelNames: ['reason'] as const, registers: [registry] });
  const duration = new Histogram({ name: 'parley_turn_duration_seconds', help: 'Time from a stored customer message to its stored reply', labelNames: ['tier'] as const, buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30], registers: [registry] });
  const tokens = new Counter({ name: 'parley_model_tokens_total', help: 'Model tokens by tier and kind', labelNames: ['tier', 'kind'] as const, registers: [registry] });
  const cost = new Counter({ name: 'parley_model_cost_usd_total', help: 'Model cost in USD by tier', labelNames: ['tier'] as const, registers: [registry] });
  new Counter({
    name: 'parley_answer_cache_hits_total',
    help: 'Repeated questions answered from the answer cache without a model call',
    registers: [registry],
    collect() {
      this.reset();
      this.inc(options.answerCache.stats.hits);
    },
  });

  const turnObserver: TurnObserver = {
    onTurn({ telemetry }) {
      turns.inc({ tier: telemetry.tier, language: telemetry.language, outcome: telemetry.outcome });
      for (const reason of telemetry.reasons) reasons.inc({ reason });
      duration.observe({ tier: telemetry.tier }, telemetry.latencyMs.total / 1000);
      for (const attempt of telemetry.attempts) {
        tokens.inc({ tier: attempt.tier, kind: 'input' }, attempt.usage.inputTokens);
        tokens.inc({ tier: attempt.tier, kind: 'output' }, attempt.usage.outputTokens);
        tokens.inc({ tier: attempt.tier, kind: 'cache_read' }, attempt.usage.cacheReadInputTokens);
        tokens.inc({ tier: attempt.tier, kind: 'cache_write' }, attempt.usage.cacheWriteInputTokens);
        cost.inc({ tier: attempt.tier }, attempt.costUsd);
      }
    },
  };
  return { registry, turnObserver };
}
