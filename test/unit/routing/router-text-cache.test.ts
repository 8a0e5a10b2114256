import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseRoutingCases, signalsOfCase } from '../../../src/core/routing/evaluate-routing.js';
import { createRouter } from '../../../src/core/routing/route-turn.js';
import type { RoutingSignals } from '../../../src/core/routing/routing-decision.js';

const cases = [
  ...parseRoutingCases(readFileSync(new URL('../../../../shared/eval/routing-dev.jsonl', import.meta.url), 'utf8')),
  ...parseRoutingCases(readFileSync(new URL('./routing-heldout.jsonl', import.meta.url), 'utf8')),
];

describe('a router remembering what the text alone says', () => {
  it('decides a repeated message exactly as a fresh router does, whatever its history and retrieval', () => {
    const router = createRouter();
    for (const round of [1, 2, 3]) {
      for (const routingCase of cases) {
        const base = signalsOfCase(routingCase);
        // Round 2: same text, nothing relevant retrieved; round 3: the customer asked it before.
        const signals: RoutingSignals =
          round === 1
            ? base
            : round === 2
              ? { ...base, retrieval: { topScore: 0.1, relevantCount: 0 } }
              : { ...base, previousUserMessages: [routingCase.text] };
        expect(router.explain(signals), `${routingCase.text} (round ${round})`).toEqual(createRouter().explain(signals));
      }
    }
  });

  it('hands out fresh evidence: a caller changing it does not change the next decision', () => {
    const router = createRouter();
    const signals: RoutingSignals = { text: 'I want to talk to a human, this is ridiculous', language: 'en', retrieval: { topScore: 0.9, relevantCount: 2 }, previousUserMessages: [] };
    const first = router.explain(signals);
    expect(first.reasons).toContain('human_requested');
    first.evidence.length = 0;
    first.evidence.push({ reason: 'legal_threat', detail: 'changed' });
    const again = router.explain(signals);
    expect(again.evidence.map((item) => item.reason)).not.toContain('legal_threat');
    expect(again).toEqual(createRouter().explain(signals));
  });
});
