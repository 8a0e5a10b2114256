import type { FastifyInstance } from 'fastify';
import type {
  NewEscalationRecord,
  TurnSummary,
} from '../../../src/core/escalations/escalation-record.js';
import type { Language } from '../../../src/core/language/language.js';
import type { ReasonCode, Tier } from '../../../src/core/routing/routing-decision.js';
import type { Services } from '../../../src/create-services.js';
import { sampleEscalation, sampleTurn } from '../../contracts/escalation-store.contract.js';

export const OPS_TOKEN = 'ops-token-for-tests-0123456789';
export const AUTHORIZATION = { authorization: `Bearer ${OPS_TOKEN}` };

export async function opsGet(app: FastifyInstance, url: string) {
  return app.inject({ method: 'GET', url, headers: AUTHORIZATION });
}

const LANGUAGES: Language[] = ['en', 'fr', 'de', 'es', 'it'];
const SHAPES: Array<{
  tier: Tier;
  reasons: ReasonCode[];
  outcome: NewEscalationRecord['outcome'];
}> = [
  { tier: 'human', reasons: ['human_requested'], outcome: 'handed_off' },
  { tier: 'large', reasons: ['billing_dispute', 'negative_sentiment'], outcome: 'answered' },
  { tier: 'large', reasons: ['low_retrieval'], outcome: 'answered' },
  { tier: 'small', reasons: ['model_unavailable'], outcome: 'failed' },
  { tier: 'human', reasons: ['legal_threat', 'negative_sentiment'], outcome: 'handed_off' },
  { tier: 'large', reasons: ['complex_request', 'model_uncertain'], outcome: 'answered' },
];

/**
 * `count` records spread over March 2026 (several per timestamp), every language, tier, reason
 * shape and outcome, plus one turn per record and as many plain turns.
 */
export async function seedEscalations(
  services: Services,
  count: number,
): Promise<NewEscalationRecord[]> {
  const conversation = await services.conversations.createConversation({});
  const records: NewEscalationRecord[] = [];
  const turns: TurnSummary[] = [];
  for (let index = 0; index < count; index += 1) {
    const shape = SHAPES[index % SHAPES.length]!;
    // Two records per minute share a timestamp, so paging must break ties on id.
    const createdAt = new Date(
      Date.UTC(2026, 2, 1 + (index % 28), 9, Math.floor(index / 2) % 60),
    ).toISOString();
    const language = LANGUAGES[index % LANGUAGES.length]!;
    records.push(
      sampleEscalation(conversation.id, {
        createdAt,
        language,
        ...shape,
        excerpt: `seeded message ${index}`,
      }),
    );
    turns.push(
      sampleTurn(conversation.id, {
        createdAt,
        language,
        tier: shape.tier,
        escalated: true,
        outcome: shape.outcome,
      }),
    );
    turns.push(sampleTurn(conversation.id, { createdAt, language }));
  }
  await services.escalations.recordMany({ escalations: records, turns });
  return records;
}
