import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ParleyError } from '../../src/core/conversation/conversation-errors.js';
import { createConversationRepository } from '../../src/core/conversation/conversation-repository.js';
import type { Database } from '../../src/core/database/database.js';
import { createEscalationStore } from '../../src/core/escalations/create-escalation-store.js';
import type {
  EscalationRecord,
  NewEscalationRecord,
  TurnSummary,
} from '../../src/core/escalations/escalation-record.js';
import type { EscalationStore } from '../../src/core/escalations/escalation-store.js';
import { parleyMigrations } from '../../src/migrations.js';

/** A complete record; `overrides` change what a test is about. */
export function sampleEscalation(
  conversationId: string,
  overrides: Partial<NewEscalationRecord> = {},
): NewEscalationRecord {
  return {
    createdAt: '2026-03-10T12:00:00.000Z',
    conversationId,
    userMessageId: null,
    replyMessageId: null,
    source: 'turn',
    language: 'fr',
    tier: 'large',
    routedTier: 'small',
    reasons: ['low_retrieval', 'model_uncertain'],
    outcome: 'answered',
    topScores: [0.41, 0.2],
    models: ['mistral.small', 'mistral.large'],
    attempts: [
      {
        tier: 'small',
        modelId: 'mistral.small',
        outcome: 'uncertain',
        usage: {
          inputTokens: 900,
          outputTokens: 4,
          cacheReadInputTokens: 0,
          cacheWriteInputTokens: 0,
        },
        costUsd: 0.000912,
        latencyMs: 300,
      },
      {
        tier: 'large',
        modelId: 'mistral.large',
        outcome: 'answered',
        usage: {
          inputTokens: 950,
          outputTokens: 120,
          cacheReadInputTokens: 0,
          cacheWriteInputTokens: 0,
        },
        costUsd: 0.00524,
        latencyMs: 1200,
        firstTokenMs: 250,
      },
    ],
    usage: {
      inputTokens: 1850,
      outputTokens: 124,
      cacheReadInputTokens: 10,
      cacheWriteInputTokens: 20,
    },
    costUsd: 0.006152,
    latencyMs: { retrieval: 12, model: 1500, total: 1530 },
    promptVersion: 'p-1a2b',
    knowledgeBaseVersion: 'kb-9',
    answerCacheHit: false,
    excerpt: 'Je veux parler du remboursement',
    handoffBy: null,
    channel: 'web',
    ...overrides,
  };
}

export function sampleTurn(
  conversationId: string,
  overrides: Partial<TurnSummary> = {},
): TurnSummary {
  return {
    id: crypto.randomUUID(),
    createdAt: '2026-03-10T12:00:00.000Z',
    conversationId,
    language: 'fr',
    tier: 'small',
    outcome: 'answered',
    escalated: false,
    answerCacheHit: false,
    usage: {
      inputTokens: 100,
      outputTokens: 10,
      cacheReadInputTokens: 0,
      cacheWriteInputTokens: 0,
    },
    costUsd: { small: 0.00013, large: 0 },
    totalMs: 100,
    channel: 'web',
    ...overrides,
  };
}

const ids = (records: EscalationRecord[]) => records.map((record) => record.id);

/**
 * What every EscalationStore must do, on each database. `makeDatabase` returns a new,
 * not-yet-migrated database, empty.
 */
export function describeEscalationStoreContract(
  name: string,
  makeDatabase: () => Promise<Database>,
): void {
  describe(`EscalationStore contract: ${name}`, () => {
    let database: Database;
    let store: EscalationStore;
    let conversationId: string;

    beforeAll(async () => {
      database = await makeDatabase();
      await database.migrate(parleyMigrations(database.dialect));
      store = createEscalationStore(database);
      conversationId = (
        await createConversationRepository(database).createConversation({
          localeHint: null,
          language: 'fr',
        })
      ).id;
    });

    afterAll(async () => {
      await database?.close();
    });

    it('stores a turn with its escalation and reads every field back', async () => {
      const turn = sampleTurn(conversationId, { tier: 'large', escalated: true });
      const stored = await store.recordTurn(
        turn,
        sampleEscalation(conversationId, { replyMessageId: turn.id }),
      );
      expect(stored).not.toBeNull();
      const read = await store.get(stored!.id);
      expect(read).toEqual({
        ...sampleEscalation(conversationId, { replyMessageId: turn.id }),
        modelSignal: null,
        id: stored!.id,
        review: null,
      });
      expect(await store.get('ffffffff-ffff-4fff-bfff-ffffffffffff')).toBeUndefined();
    });

    it("keeps the model's signal (its verdict) beside the router's reasons", async () => {
      const escalation = sampleEscalation(conversationId, {
        tier: 'human',
        routedTier: 'small',
        reasons: ['human_requested'],
        modelSignal: 'human_requested',
        outcome: 'handed_off',
      });
      const stored = await store.recordTurn(
        sampleTurn(conversationId, { tier: 'human', escalated: true }),
        escalation,
      );
      expect(await store.get(stored!.id)).toMatchObject({
        modelSignal: 'human_requested',
        reasons: ['human_requested'],
        routedTier: 'small',
      });
      const { items } = await store.list({ reasons: ['human_requested'] }, { limit: 50 });
      expect(items.some((item) => item.id === stored!.id)).toBe(true);
    });

    it('stores a plain turn without a record', async () => {
      const before = (
        await store.stats({ from: '2030-01-01T00:00:00.000Z', to: '2030-01-02T00:00:00.000Z' })
      ).turns.total;
      const result = await store.recordTurn(
        sampleTurn(conversationId, { createdAt: '2030-01-01T10:00:00.000Z' }),
        null,
      );
      expect(result).toBeNull();
      const stats = await store.stats({
        from: '2030-01-01T00:00:00.000Z',
        to: '2030-01-02T00:00:00.000Z',
      });
      expect(stats.turns.total).toBe(before + 1);
      expect(stats.escalations.total).toBe(0);
      expect(stats.escalationRate).toBe(0);
    });

    describe('listing', () => {
      let seeded: EscalationRecord[];
      const window = { from: '2026-05-01T00:00:00.000Z', to: '2026-06-01T00:00:00.000Z' };

      beforeAll(async () => {
        const records: NewEscalationRecord[] = [];
        // 25 records over 5 days; several share a timestamp so the id must break ties.
        for (let index = 0; index < 25; index += 1) {
          const day = 1 + (index % 5);
          records.push(
            sampleEscalation(conversationId, {
              id: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`,
              createdAt: `2026-05-0${day}T08:00:00.000Z`,
              language: (['en', 'fr', 'de', 'es', 'it'] as const)[index % 5]!,
              tier: index % 3 === 0 ? 'human' : 'large',
              reasons:
                index % 3 === 0
                  ? ['human_requested']
                  : index % 2 === 0
                    ? ['billing_dispute', 'negative_sentiment']
                    : ['low_retrieval'],
              outcome: index % 3 === 0 ? 'handed_off' : index % 7 === 0 ? 'failed' : 'answered',
            }),
          );
        }
        await store.recordMany({ escalations: records });
        seeded = [];
        for await (const record of store.stream(window)) seeded.push(record);
      });

      it('lists newest first with (createdAt, id) ordering', () => {
        expect(seeded).toHaveLength(25);
        const sorted = [...seeded].sort((left, right) =>
          left.createdAt === right.createdAt
            ? right.id.localeCompare(left.id)
            : right.createdAt.localeCompare(left.createdAt),
        );
        expect(ids(seeded)).toEqual(ids(sorted));
      });

      it('pages with a keyset cursor without gaps or repeats, and ends with a null cursor', async () => {
        const pages: EscalationRecord[][] = [];
        let cursor: string | null = null;
        do {
          const page = await store.list(window, { limit: 7, cursor });
          pages.push(page.items);
          cursor = page.nextCursor;
        } while (cursor !== null);
        expect(pages.map((page) => page.length)).toEqual([7, 7, 7, 4]);
        expect(pages.flat().map((record) => record.id)).toEqual(ids(seeded));
      });

      it('gives no cursor when the page is exactly the rest', async () => {
        const page = await store.list(window, { limit: 25 });
        expect(page.items).toHaveLength(25);
        expect(page.nextCursor).toBeNull();
      });

      it('filters by time, language, tier, reason and outcome, combined', async () => {
        const list = async (filter: Parameters<EscalationStore['list']>[0]) =>
          ids((await store.list({ ...window, ...filter }, { limit: 100 })).items);
        const expected = (predicate: (record: EscalationRecord) => boolean) =>
          ids(seeded.filter(predicate));

        expect(
          await list({ from: '2026-05-02T00:00:00.000Z', to: '2026-05-04T00:00:00.000Z' }),
        ).toEqual(
          expected((record) => record.createdAt >= '2026-05-02' && record.createdAt < '2026-05-04'),
        );
        expect(await list({ languages: ['de', 'it'] })).toEqual(
          expected((record) => record.language === 'de' || record.language === 'it'),
        );
        expect(await list({ tiers: ['human'] })).toEqual(
          expected((record) => record.tier === 'human'),
        );
        expect(await list({ reasons: ['negative_sentiment'] })).toEqual(
          expected((record) => record.reasons.includes('negative_sentiment')),
        );
        expect(await list({ reasons: ['negative_sentiment', 'low_retrieval'] })).toEqual(
          expected((record) => record.tier === 'large'),
        );
        expect(await list({ outcomes: ['failed'] })).toEqual(
          expected((record) => record.outcome === 'failed'),
        );
        expect(
          await list({ languages: ['en'], tiers: ['large'], reasons: ['billing_dispute'] }),
        ).toEqual(
          expected(
            (record) =>
              record.language === 'en' &&
              record.tier === 'large' &&
              record.reasons.includes('billing_dispute'),
          ),
        );
        expect((await list({ outcomes: ['failed'] })).length).toBeGreaterThan(0);
      });

      it('streams every match in small pages', async () => {
        const streamed: EscalationRecord[] = [];
        for await (const record of store.stream({ ...window, tiers: ['large'] }, 3))
          streamed.push(record);
        expect(ids(streamed)).toEqual(ids(seeded.filter((record) => record.tier === 'large')));
      });

      it('rejects a cursor it did not issue', async () => {
        const attempt = store.list(window, { limit: 5, cursor: 'not-a-cursor' });
        await expect(attempt).rejects.toBeInstanceOf(ParleyError);
        await expect(
          store.list(window, { limit: 5, cursor: 'not-a-cursor' }),
        ).rejects.toMatchObject({ status: 400, message: expect.stringContaining('cursor') });
      });
    });

    it('records reviews, replaces them, and filters on them', async () => {
      const record = await store.recordEscalation(
        sampleEscalation(conversationId, {
          createdAt: '2026-07-01T00:00:00.000Z',
          source: 'handoff',
          handoffBy: 'Ana',
        }),
      );
      const window = { from: '2026-07-01T00:00:00.000Z', to: '2026-07-02T00:00:00.000Z' };
      expect(ids((await store.list({ ...window, reviewed: false }, { limit: 10 })).items)).toEqual([
        record.id,
      ]);

      const first = await store.review(record.id, {
        verdict: 'small',
        note: 'the KB answers this',
      });
      expect(first?.review).toEqual({
        verdict: 'small',
        note: 'the KB answers this',
        reviewedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      });
      const second = await store.review(record.id, { verdict: 'right', note: null });
      expect((await store.get(record.id))?.review).toEqual({
        verdict: 'right',
        note: null,
        reviewedAt: second!.review!.reviewedAt,
      });
      expect(ids((await store.list({ ...window, reviewed: true }, { limit: 10 })).items)).toEqual([
        record.id,
      ]);
      expect((await store.list({ ...window, reviewed: false }, { limit: 10 })).items).toEqual([]);
      expect(
        await store.review('ffffffff-ffff-4fff-bfff-ffffffffffff', {
          verdict: 'right',
          note: null,
        }),
      ).toBeUndefined();
    });

    it('computes stats: counts, rate, tokens, cost by tier, cache hits, percentiles and days', async () => {
      const range = { from: '2026-09-01T00:00:00.000Z', to: '2026-09-03T00:00:00.000Z' };
      const turns: TurnSummary[] = [];
      const escalations: NewEscalationRecord[] = [];
      for (let index = 0; index < 20; index += 1) {
        const createdAt = `2026-09-0${index < 12 ? 1 : 2}T1${index % 10}:00:00.000Z`;
        const escalated = index % 4 === 0;
        const tier = index % 8 === 0 ? 'human' : escalated ? 'large' : 'small';
        const turn = sampleTurn(conversationId, {
          createdAt,
          tier,
          escalated,
          language: index % 2 === 0 ? 'de' : 'it',
          answerCacheHit: index % 5 === 1,
          totalMs: (index + 1) * 10,
          usage: {
            inputTokens: 100,
            outputTokens: 10,
            cacheReadInputTokens: 1,
            cacheWriteInputTokens: 2,
          },
          costUsd: { small: 0.0001, large: escalated ? 0.001 : 0 },
        });
        turns.push(turn);
        if (escalated) {
          escalations.push(
            sampleEscalation(conversationId, {
              createdAt,
              tier,
              language: turn.language,
              reasons:
                tier === 'human' ? ['legal_threat'] : ['complex_request', 'negative_sentiment'],
            }),
          );
        }
      }
      // Outside the range: must not count.
      turns.push(
        sampleTurn(conversationId, { createdAt: '2026-09-03T00:00:00.000Z', totalMs: 99999 }),
      );
      await store.recordMany({ turns, escalations });

      const stats = await store.stats(range);
      expect(stats.turns).toEqual({
        total: 20,
        byTier: { small: 15, large: 2, human: 3 },
        byLanguage: { de: 10, it: 10 },
        answerCacheHits: 4,
      });
      expect(stats.escalations).toMatchObject({
        total: 5,
        byTier: { small: 0, large: 2, human: 3 },
        byReason: { legal_threat: 3, complex_request: 2, negative_sentiment: 2 },
        byLanguage: { de: 5 },
        byOutcome: { answered: 5 },
        reviewed: 0,
      });
      expect(stats.escalationRate).toBeCloseTo(5 / 20);
      expect(stats.tokens).toEqual({
        inputTokens: 2000,
        outputTokens: 200,
        cacheReadInputTokens: 20,
        cacheWriteInputTokens: 40,
      });
      expect(stats.costUsd.small).toBeCloseTo(0.002, 9);
      expect(stats.costUsd.large).toBeCloseTo(0.005, 9);
      expect(stats.costUsd.total).toBeCloseTo(0.007, 9);
      // Latencies are 10..200 ms: nearest rank 50% is the 10th value, 95% the 19th.
      expect(stats.latencyMs).toEqual({ p50: 100, p95: 190 });
      expect(stats.perDay).toEqual([
        { day: '2026-09-01', small: 0, large: 1, human: 2 },
        { day: '2026-09-02', small: 0, large: 1, human: 1 },
      ]);
    });

    it('gives empty stats for an empty range', async () => {
      const stats = await store.stats({
        from: '1999-01-01T00:00:00.000Z',
        to: '1999-01-02T00:00:00.000Z',
      });
      expect(stats.turns.total).toBe(0);
      expect(stats.escalationRate).toBeNull();
      expect(stats.latencyMs).toEqual({ p50: null, p95: null });
      expect(stats.perDay).toEqual([]);
      expect(stats.costUsd).toEqual({ total: 0, small: 0, large: 0 });
    });

    it('inserts more than one batch in recordMany', async () => {
      const records = Array.from({ length: 1234 }, (_, index) =>
        sampleEscalation(conversationId, {
          createdAt: new Date(Date.UTC(2027, 0, 1) + index * 1000).toISOString(),
        }),
      );
      await store.recordMany({ escalations: records });
      let count = 0;
      for await (const _record of store.stream(
        { from: '2027-01-01T00:00:00.000Z', to: '2027-02-01T00:00:00.000Z' },
        200,
      ))
        count += 1;
      expect(count).toBe(1234);
    });
  });
}
