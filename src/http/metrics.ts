import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { AnswerCacheStats } from '../core/conversation/answer-cache.js';
import type { TurnEvent } from '../core/conversation/create-conversation-service.js';

/** Prometheus metrics of this process. One registry per app so tests can build several apps. */
export function createMetrics(options: {
  answerCacheStats: AnswerCacheStats;
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
  return { registry, onTurn };
}
