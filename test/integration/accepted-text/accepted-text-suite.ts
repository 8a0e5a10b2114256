import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../src/core/database/database.js';
import {
  createConversation,
  createTestApp,
  parseServerSentEvents,
  type TestApp,
} from '../../support/test-app.js';
import { OPS_TOKEN } from '../ops/ops-test-support.js';

const AUTHORIZATION_OPS = { authorization: `Bearer ${OPS_TOKEN}` };

/** Marks that make the test database refuse a write (see installRefusals). */
const REFUSE_USER_MESSAGE = 'refuse-the-user-message';
const REFUSE_REPLY = 'refuse-the-reply';

/**
 * Triggers that make the database itself refuse a write, so a failure happens where it would in
 * production: before the customer's message is stored, or after (when the reply is written).
 */
async function installRefusals(database: Database): Promise<void> {
  const db = database.kysely;
  if (database.dialect === 'sqlite') {
    await sql
      .raw(`create trigger refuse_user_message before insert on conversation_log
        when new.role = 'user' and new.text like '%${REFUSE_USER_MESSAGE}%'
        begin select raise(abort, 'refused by the test'); end`)
      .execute(db);
    await sql
      .raw(`create trigger refuse_reply before insert on conversation_log
        when new.role <> 'user' and exists (select 1 from conversation_log
          where message_id = new.reply_to_id and text like '%${REFUSE_REPLY}%')
        begin select raise(abort, 'refused by the test'); end`)
      .execute(db);
    return;
  }
  await sql
    .raw(`create function refuse_marked_writes() returns trigger language plpgsql as $$
      begin
        if (new.role = 'user' and new.text like '%${REFUSE_USER_MESSAGE}%')
          or (new.role <> 'user' and exists (select 1 from conversation_log
            where message_id = new.reply_to_id and text like '%${REFUSE_REPLY}%')) then
          raise exception 'refused by the test';
        end if;
        return new;
      end $$`)
    .execute(db);
  await sql
    .raw(`create trigger refuse_marked_writes before insert on conversation_log
      for each row execute function refuse_marked_writes()`)
    .execute(db);
}

/**
 * The text Parley accepts (src/core/conversation/accepted-text.ts), over HTTP, on one backend:
 * both backends must give the same answer for the same input, and a 200 echoes what is stored.
 */
export function describeAcceptedText(name: string, makeDatabase: () => Promise<Database>): void {
  describe(`accepted text on ${name}`, () => {
    let test: TestApp;
    let conversation: { id: string; token: string };

    beforeAll(async () => {
      const database = await makeDatabase();
      test = await createTestApp({ OPS_TOKEN }, { database });
      await installRefusals(database);
      conversation = await createConversation(test.app, 'en');
    });
    afterAll(async () => {
      await test?.close();
    });

    const storedTexts = async () =>
      (await test.services.conversations.listMessages(conversation.id))
        .filter((message) => message.role === 'user')
        .map((message) => message.text);

    /** The raw JSON body, so lone surrogates travel as JSON escapes exactly as a client sends them. */
    const send = (json: string, accept = 'application/json') =>
      test.app.inject({
        method: 'POST',
        url: `/v1/conversations/${conversation.id}/messages`,
        headers: {
          authorization: `Bearer ${conversation.token}`,
          'content-type': 'application/json',
          accept,
        },
        payload: json,
      });

    async function expectRefused(json: string, pattern: RegExp) {
      const before = await storedTexts();
      const response = await send(json);
      expect(response.statusCode, response.body).toBe(400);
      const body = response.json() as { error: { code: string; message: string } };
      expect(body.error.code).toBe('invalid_request');
      expect(body.error.message).toMatch(pattern);
      expect(await storedTexts()).toEqual(before);
    }

    it('refuses NUL and the other control characters in text (not tab or newline) with 400', async () => {
      for (const control of ['\\u0000', '\\u0001', '\\u0008', '\\u000b', '\\u001b', '\\u007f']) {
        await expectRefused(`{"text":"where is${control} my parcel"}`, /control character U\+00/);
      }
    });

    it('refuses a NUL byte or a control character in clientMessageId with 400', async () => {
      await expectRefused(
        '{"text":"where is my parcel","clientMessageId":"abc\\u0000"}',
        /clientMessageId.*U\+0000/,
      );
      await expectRefused(
        '{"text":"where is my parcel","clientMessageId":"a\\tb"}',
        /clientMessageId.*U\+0009/,
      );
    });

    it('refuses lone surrogates with 400', async () => {
      await expectRefused('{"text":"parcel \\ud800 lost"}', /surrogate/);
      await expectRefused('{"text":"parcel \\udfff"}', /surrogate/);
      await expectRefused('{"text":"ok","clientMessageId":"id-\\udc00"}', /surrogate/);
      // A proper pair is a character like any other.
      const pair = await send('{"text":"parcel \\ud83d\\udce6 lost"}');
      expect(pair.statusCode).toBe(200);
      expect(pair.json().message.text).toBe('parcel 📦 lost');
    });

    it('refuses a text of only invisible characters as empty', async () => {
      for (const invisible of [
        '\\u200b',
        '\\u200b\\u200d\\u2060',
        '\\ufeff',
        '\\u3164',
        '\\u00ad',
        ' \\t\\n\\u2028',
      ]) {
        await expectRefused(`{"text":"${invisible}"}`, /must not be empty/);
      }
    });

    it('keeps tab and newline, stores CR LF as LF, and echoes exactly what the transcript holds', async () => {
      const response = await send('{"text":"  line one\\r\\nline\\ttwo\\rline three  "}');
      expect(response.statusCode, response.body).toBe(200);
      const echoed = response.json().message.text;
      expect(echoed).toBe('line one\nline\ttwo\nline three');
      const transcript = await test.app.inject({
        method: 'GET',
        url: `/v1/conversations/${conversation.id}`,
        headers: { authorization: `Bearer ${conversation.token}` },
      });
      const stored = transcript
        .json()
        .messages.find((message: { id: string }) => message.id === response.json().message.id);
      expect(stored.text).toBe(echoed);
    });

    it('applies the 4,000-character limit to the text as stored', async () => {
      // 4,000 characters once trimmed; 4,010 as sent.
      const padded = await send(JSON.stringify({ text: `     ${'où '.repeat(1333)}é     ` }));
      expect(padded.statusCode, padded.body).toBe(200);
      expect([...padded.json().message.text]).toHaveLength(4000);
      // 2,000 CR LF pairs are 2,000 line feeds once stored: 3,999 characters after the trim.
      const windowsLines = await send(JSON.stringify({ text: 'a\r\n'.repeat(2000) }));
      expect(windowsLines.statusCode, windowsLines.body).toBe(200);
      // Astral characters count once each, as the customer sees them.
      const emoji = await send(JSON.stringify({ text: '📦'.repeat(4000) }));
      expect(emoji.statusCode, emoji.body).toBe(200);
      await expectRefused(JSON.stringify({ text: 'a'.repeat(4001) }), /at most 4,000 characters/);
    });

    it('answers 404, not 500, for an /ops path parameter with a NUL byte', async () => {
      for (const url of ['/ops/escalations/%00', '/ops/escalations/abc%00def', '/ops/view/%00']) {
        const response = await test.app.inject({ method: 'GET', url, headers: AUTHORIZATION_OPS });
        expect(response.statusCode, `${url}: ${response.body}`).toBe(404);
      }
      const review = await test.app.inject({
        method: 'POST',
        url: '/ops/escalations/%00/review',
        headers: AUTHORIZATION_OPS,
        payload: { verdict: 'right' },
      });
      expect(review.statusCode, review.body).toBe(404);
      expect(review.json().error.code).toBe('not_found');
    });

    it('refuses a cursor naming a NUL id and a review note with a NUL byte with 400', async () => {
      const cursor = Buffer.from(JSON.stringify(['2026-03-01T00:00:00.000Z', '\u0000'])).toString(
        'base64url',
      );
      const list = await test.app.inject({
        method: 'GET',
        url: `/ops/escalations?cursor=${cursor}`,
        headers: AUTHORIZATION_OPS,
      });
      expect(list.statusCode, list.body).toBe(400);
      const [record] = await test.services.escalations
        .list({}, { limit: 1, cursor: null })
        .then((page) => page.items);
      const id = record?.id ?? '00000000-0000-4000-8000-000000000000';
      const review = await test.app.inject({
        method: 'POST',
        url: `/ops/escalations/${id}/review`,
        headers: { ...AUTHORIZATION_OPS, 'content-type': 'application/json' },
        payload: '{"verdict":"right","note":"fine\\u0000"}',
      });
      expect(review.statusCode, review.body).toBe(400);
      expect(review.json().error.message).toMatch(/note.*U\+0000/);
    });

    it('says in a failed stream whether the message was kept, and it is true', async () => {
      const refusedBeforeStoring = await send(
        JSON.stringify({ text: `where is my parcel ${REFUSE_USER_MESSAGE}` }),
        'text/event-stream',
      );
      const notKept = parseServerSentEvents(refusedBeforeStoring.body).find(
        (event) => event.event === 'error',
      );
      expect(notKept?.data).toMatchObject({ code: 'internal_error' });
      expect((notKept?.data as { message?: string } | undefined)?.message).toMatch(/not kept/);
      expect((await storedTexts()).some((text) => text.includes(REFUSE_USER_MESSAGE))).toBe(false);

      const refusedAfterStoring = await send(
        JSON.stringify({ text: `where is my parcel ${REFUSE_REPLY}`, clientMessageId: 'kept-1' }),
        'text/event-stream',
      );
      const kept = parseServerSentEvents(refusedAfterStoring.body).find(
        (event) => event.event === 'error',
      );
      expect((kept?.data as { message?: string } | undefined)?.message).toMatch(/was kept/);
      expect((kept?.data as { message?: string } | undefined)?.message).not.toMatch(/not kept/);
      expect((await storedTexts()).some((text) => text.includes(REFUSE_REPLY))).toBe(true);
    });
  });
}
