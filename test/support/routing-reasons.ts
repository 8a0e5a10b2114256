import { expect, it } from 'vitest';
import type { Language } from '../../src/core/language/language.js';
import { type RouterOptions, routeTurn } from '../../src/core/routing/route-turn.js';
import type { ReasonCode, RoutingSignals } from '../../src/core/routing/routing-decision.js';

/** A first message whose question the knowledge base covers, unless `extra` says otherwise. */
export function routingSignals(
  text: string,
  language: Language,
  extra: Partial<RoutingSignals> = {},
): RoutingSignals {
  return {
    text,
    language,
    retrieval: { topScore: 0.8, relevantCount: 3 },
    previousUserMessages: [],
    ...extra,
  };
}

export function reasonsOf(
  text: string,
  language: Language,
  extra: Partial<RoutingSignals> = {},
  options?: RouterOptions,
): ReasonCode[] {
  return routeTurn(routingSignals(text, language, extra), options).reasons;
}

export type RoutingExamples = ReadonlyArray<readonly [Language, string]>;

/** One test per message: `reason` fires on each of `fires` and on none of `staysQuiet`. */
export function expectReason(
  reason: ReasonCode,
  fires: RoutingExamples,
  staysQuiet: RoutingExamples,
): void {
  it.each(fires)(`[%s] fires on "%s"`, (language, text) => {
    expect(reasonsOf(text, language)).toContain(reason);
  });
  it.each(staysQuiet)(`[%s] does not fire on "%s"`, (language, text) => {
    expect(reasonsOf(text, language)).not.toContain(reason);
  });
}
