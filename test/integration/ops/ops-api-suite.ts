import { parse as parseCsv } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../src/core/database/database.js';
import type {
  EscalationRecord,
  NewEscalationRecord,
} from '../../../src/core/escalations/escalation-record.js';
import { CSV_HEADER } from '../../../src/http/ops-export.js';
import {
  createConversation,
  createTestApp,
  postMessage,
  type TestApp,
} from '../../support/test-app.js';
import { AUTHORIZATION, OPS_TOKEN, opsGet, seedEscalations } from './ops-test-support.js';

const SEEDED = 150;
const MARCH = 'from=2026-03-01&to=2026-03-31';

/** The ops API over HTTP against one storage backend: records from real turns, filters, paging, exports, stats, reviews. */
export function describeOpsApi(name: string, makeDatabase: () => Promise<Database>): void {
  describe(`ops API on ${name}`, () => {
    let test: TestApp;
    let seeded: NewEscalationRecord[];

    beforeAll(async () => {
      test = await createTestApp({ OPS_TOKEN }, { database: await makeDatabase() });
      seeded = await seedEscalations(test.services, SEEDED);
    });

    afterAll(async () => {
      await test?.close();
    });

    const listAll = async (query: string): Promise<EscalationRecord[]> => {
      const items: EscalationRecord[] = [];
      let cursor: string | null = null;
      do {
        const response = await opsGet(
          test.app,
          `/ops/escalations?${query}&limit=40${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        );
        expect(response.statusCode, response.body).toBe(200);
        const page = response.json() as { items: EscalationRecord[]; nextCursor: string | null };
        items.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor !== null);
      return items;
    };
    const expectedExcerpts = (predicate: (record: NewEscalationRecord) => boolean) =>
      seeded
        .filter(predicate)
        .sort((left, right) => right.createdAt.localeCompare(left.createdAt))
        .map((record) => record.excerpt)
        .sort();

    it('records escalated turns from the real pipeline, with a redacted excerpt, and skips plain ones', async () => {
      const plain = await createConversation(test.app, 'en');
      expect(
        (await postMessage(test.app, plain, 'How long does standard delivery take?')).statusCode,
      ).toBe(200);
      const human = await createConversation(test.app, 'de');
      const reply = await postMessage(
        test.app,
        human,
        'Ich möchte bitte mit einem Menschen sprechen, rufen Sie mich an: +49 171 1234567',
      );
      expect(reply.json().reply.tier).toBe('human');

      const items = (await opsGet(test.app, '/ops/escalations?from=2026-04-01')).json()
        .items as EscalationRecord[];
      expect(items.map((record) => record.conversationId)).toEqual([human.id]);
      const record = items[0]!;
      expect(record).toMatchObject({
        source: 'turn',
        language: 'de',
        tier: 'human',
        routedTier: 'human',
        outcome: 'handed_off',
      });
      expect(record.reasons).toContain('human_requested');
      expect(record.excerpt).toContain('[phone]');
      expect(record.excerpt).not.toContain('1234567');

      const detail = await opsGet(test.app, `/ops/escalations/${record.id}`);
      expect(detail.statusCode).toBe(200);
      const body = detail.json();
      expect(body.id).toBe(record.id);
      expect(body.transcript.conversationId).toBe(human.id);
      expect(body.transcript.messages.map((message: { role: string }) => message.role)).toEqual([
        'user',
        'assistant',
      ]);
      expect(body.transcript.messages[0].id).toBe(record.userMessageId);
      expect(body.transcript.messages[0].text).not.toContain('1234567');

      const stats = (await opsGet(test.app, '/ops/stats?from=2026-04-01')).json();
      expect(stats.turns.total).toBe(2);
      expect(stats.escalations.total).toBe(1);
      expect(stats.escalationRate).toBe(0.5);
    });

    it('records a handoff that staff start outside a turn', async () => {
      const conversation = await createConversation(test.app, 'it');
      await postMessage(test.app, conversation, 'Come posso reimpostare la password?');
      await test.services.conversations.changeHandoffState(conversation.id, 'take_over', 'Giulia');
      const items = (await opsGet(test.app, '/ops/escalations?from=2026-04-01&tier=human')).json()
        .items as EscalationRecord[];
      const handoff = items.find((record) => record.conversationId === conversation.id);
      expect(handoff).toMatchObject({
        source: 'handoff',
        tier: 'human',
        outcome: 'handed_off',
        handoffBy: 'Giulia',
        excerpt: 'Come posso reimpostare la password?',
      });
    });

    it('pages newest first with a keyset cursor, without gaps or repeats', async () => {
      const items = await listAll(MARCH);
      expect(items).toHaveLength(SEEDED);
      expect(new Set(items.map((item) => item.id)).size).toBe(SEEDED);
      const times = items.map((item) => item.createdAt);
      expect(times).toEqual([...times].sort().reverse());
      const first = await opsGet(test.app, `/ops/escalations?${MARCH}&limit=7`);
      expect(first.json().items).toHaveLength(7);
      expect(first.json().nextCursor).toEqual(expect.any(String));
    });

    it.each([
      ['language', 'language=fr', (record: NewEscalationRecord) => record.language === 'fr'],
      [
        'several languages',
        'language=de,it',
        (record: NewEscalationRecord) => record.language === 'de' || record.language === 'it',
      ],
      ['tier', 'tier=human', (record: NewEscalationRecord) => record.tier === 'human'],
      [
        'reason',
        'reason=negative_sentiment',
        (record: NewEscalationRecord) => record.reasons.includes('negative_sentiment'),
      ],
      ['outcome', 'outcome=failed', (record: NewEscalationRecord) => record.outcome === 'failed'],
      [
        'dates',
        'from=2026-03-05&to=2026-03-06',
        (record: NewEscalationRecord) =>
          record.createdAt >= '2026-03-05' && record.createdAt < '2026-03-07',
      ],
      [
        'all together',
        'language=en&tier=large&reason=low_retrieval&outcome=answered',
        (record: NewEscalationRecord) =>
          record.language === 'en' &&
          record.tier === 'large' &&
          record.reasons.includes('low_retrieval'),
      ],
    ])('filters by %s', async (_label, query, predicate) => {
      const expected = expectedExcerpts(predicate);
      expect(expected.length).toBeGreaterThan(0);
      const items = await listAll(query.includes('from=') ? query : `${MARCH}&${query}`);
      expect(items.map((item) => item.excerpt).sort()).toEqual(expected);
    });

    it('exports CSV and JSONL with the same records as the list, newest first', async () => {
      const query = `${MARCH}&reason=legal_threat`;
      const listed = await listAll(query);
      const csvResponse = await opsGet(test.app, `/ops/escalations/export?format=csv&${query}`);
      expect(csvResponse.statusCode).toBe(200);
      expect(csvResponse.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(csvResponse.headers['content-disposition']).toMatch(
        /^attachment; filename="parley-escalations-.*\.csv"$/,
      );
      const rows = parseCsv(csvResponse.body, { columns: true }) as Array<Record<string, string>>;
      expect(Object.keys(rows[0]!)).toEqual(CSV_HEADER);
      expect(rows.map((row) => row.id)).toEqual(listed.map((record) => record.id));
      expect(rows[0]).toMatchObject({
        reasons: 'legal_threat negative_sentiment',
        tier: 'human',
        cost_usd: String(listed[0]!.costUsd),
        answer_cache_hit: 'false',
      });

      const jsonl = await opsGet(test.app, `/ops/escalations/export?format=jsonl&${query}`);
      expect(jsonl.headers['content-type']).toBe('application/x-ndjson; charset=utf-8');
      const lines = jsonl.body
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line) as EscalationRecord);
      expect(lines).toEqual(listed);
    });

    it('escapes CSV cells: quotes, commas, newlines and spreadsheet formulas', async () => {
      const conversation = await test.services.conversations.createConversation({ locale: 'en' });
      const tricky = '=HYPERLINK("http://evil.example","click"), then\n"quoted"';
      await test.services.escalations.recordEscalation({
        ...seeded[0]!,
        id: undefined,
        conversationId: conversation.id,
        createdAt: '2026-02-01T00:00:00.000Z',
        excerpt: tricky,
      });
      const response = await opsGet(
        test.app,
        '/ops/escalations/export?format=csv&from=2026-02-01&to=2026-02-01',
      );
      const rows = parseCsv(response.body, { columns: true }) as Array<Record<string, string>>;
      expect(rows).toHaveLength(1);
      expect(rows[0]!.excerpt).toBe(`'${tricky}`);
    });

    it('computes stats for a range', async () => {
      const response = await opsGet(test.app, `/ops/stats?${MARCH}`);
      expect(response.statusCode).toBe(200);
      const stats = response.json();
      expect(stats.turns.total).toBe(SEEDED * 2);
      expect(stats.escalations.total).toBe(SEEDED);
      expect(stats.escalationRate).toBe(0.5);
      expect(stats.escalations.byTier).toEqual({ small: 25, large: 75, human: 50 });
      expect(stats.escalations.byReason.negative_sentiment).toBe(50);
      expect(stats.escalations.byLanguage).toEqual({ en: 30, fr: 30, de: 30, es: 30, it: 30 });
      expect(stats.perDay).toHaveLength(28);
      expect(stats.latencyMs).toEqual({ p50: 100, p95: 100 });
    });

    it('stores a review, returns it, and refuses bad ones', async () => {
      const [record] = (await opsGet(test.app, `/ops/escalations?${MARCH}&limit=1`)).json()
        .items as EscalationRecord[];
      const post = (id: string, payload: unknown) =>
        test.app.inject({
          method: 'POST',
          url: `/ops/escalations/${id}/review`,
          headers: AUTHORIZATION,
          payload: payload as object,
        });
      const saved = await post(record!.id, {
        verdict: 'small',
        note: 'the shipping article answers it',
      });
      expect(saved.statusCode).toBe(200);
      expect(saved.json().review).toMatchObject({
        verdict: 'small',
        note: 'the shipping article answers it',
      });
      expect((await opsGet(test.app, `/ops/escalations/${record!.id}`)).json().review.verdict).toBe(
        'small',
      );
      expect(
        (await opsGet(test.app, `/ops/escalations?${MARCH}&reviewed=true`))
          .json()
          .items.map((item: EscalationRecord) => item.id),
      ).toEqual([record!.id]);

      const wrong = await post(record!.id, { verdict: 'medium' });
      expect(wrong.statusCode).toBe(400);
      expect(wrong.json().error.message).toMatch(/verdict/);
      expect(
        (await post(record!.id, { verdict: 'right', mood: 'ok' })).json().error.message,
      ).toMatch(/"mood"/);
      const missing = await post('ffffffff-ffff-4fff-bfff-ffffffffffff', { verdict: 'right' });
      expect(missing.statusCode).toBe(404);
      expect(missing.json().error.code).toBe('not_found');
    });

    it.each([
      ['language=xx', 'language'],
      ['tier=medium', 'tier'],
      ['reason=rude', 'reason'],
      ['outcome=lost', 'outcome'],
      ['limit=0', 'limit'],
      ['limit=abc', 'limit'],
      ['limit=501', 'limit'],
      ['from=yesterday', 'from'],
      ['to=2026-13-40', 'to'],
      ['from=2026-03-10&to=2026-03-01', 'from'],
      ['cursor=garbage', 'cursor'],
      ['langauge=fr', 'langauge'],
      ['reviewed=maybe', 'reviewed'],
    ])('answers 400 naming the parameter for %s', async (query, parameter) => {
      const response = await opsGet(test.app, `/ops/escalations?${query}`);
      expect(response.statusCode).toBe(400);
      expect(response.json().error.code).toBe('invalid_request');
      expect(response.json().error.message).toContain(`"${parameter}"`);
    });

    it('answers 400 for a bad export format or stats range, and 404 for an unknown record', async () => {
      const format = await opsGet(test.app, '/ops/escalations/export?format=xml');
      expect(format.statusCode).toBe(400);
      expect(format.json().error.message).toContain('"format"');
      const stats = await opsGet(test.app, '/ops/stats?from=soon');
      expect(stats.statusCode).toBe(400);
      expect(stats.json().error.message).toContain('"from"');
      expect((await opsGet(test.app, '/ops/escalations/not-a-record')).statusCode).toBe(404);
    });
  });
}
