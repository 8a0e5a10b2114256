import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../src/config.js';
import { parseSupportHours } from '../../../src/core/staff/support-hours.js';
import { supportHoursFromKnowledgeBase } from '../../../src/core/staff/support-hours-from-knowledge-base.js';
import { createConversation, createTestApp, postMessage } from '../../support/test-app.js';
import { AUTHORIZATION, OPS_TOKEN } from '../ops/ops-test-support.js';

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

describe('support hours', { timeout: 60_000 }, () => {
  it('parses day ranges in a time zone, across daylight-saving time', () => {
    const hours = parseSupportHours('Mon-Fri 09:00-18:00, Sat 10:00-16:00 Europe/Paris');
    // Monday 7 December 2026, 11:00 in Paris (UTC+1).
    expect(hours.isOpen(new Date('2026-12-07T10:00:00Z'))).toBe(true);
    // Monday 18:30 in Paris: closed until Tuesday 09:00.
    expect(hours.isOpen(new Date('2026-12-07T17:30:00Z'))).toBe(false);
    expect(hours.nextOpening(new Date('2026-12-07T17:30:00Z'))?.toISOString()).toBe(
      '2026-12-08T08:00:00.000Z',
    );
    // Saturday 17:00: closed on Sunday, back on Monday.
    expect(hours.nextOpening(new Date('2026-12-05T16:00:00Z'))?.toISOString()).toBe(
      '2026-12-07T08:00:00.000Z',
    );
    // The Sunday clocks go forward: Monday 09:00 is 07:00 UTC.
    expect(hours.nextOpening(new Date('2026-03-29T06:00:00Z'))?.toISOString()).toBe(
      '2026-03-30T07:00:00.000Z',
    );
  });

  it('stops startup naming SUPPORT_HOURS when it is wrong', () => {
    for (const [value, problem] of [
      ['Mon-Fri 9-18 Europe/Paris', /"9" is not a time of day/],
      ['Mon-Fri 09:00-18:00 Mars/Olympus', /"Mars\/Olympus" is not a time zone/],
      ['Mon 18:00-09:00 UTC', /closing time must come after/],
    ] as const) {
      let error: unknown;
      try {
        loadConfig({ SUPPORT_HOURS: value });
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems.join('\n')).toMatch(/^SUPPORT_HOURS: /);
      expect((error as ConfigError).problems.join('\n')).toMatch(problem);
    }
    expect(loadConfig({ SUPPORT_HOURS: 'always' }).SUPPORT_HOURS).toBe('always');
  });

  it('defaults to the hours of the knowledge base contact article', () => {
    expect(supportHoursFromKnowledgeBase('kb')).toBe(
      'Mon-Fri 09:00-18:00, Sat 10:00-16:00 Europe/Paris',
    );
    expect(supportHoursFromKnowledgeBase('test/fixtures/kb')).toBeUndefined();
  });

  it('outside hours the handoff says when the team is back and that the conversation stays open; inside, that a person will reply', async () => {
    const now = new Date();
    // Open only on the day after tomorrow (UTC): closed now, back that day at 09:00.
    const dayAfterTomorrow = DAYS[(now.getUTCDay() + 2) % 7];
    const closed = await createTestApp({ SUPPORT_HOURS: `${dayAfterTomorrow} 09:00-17:00 UTC` });
    try {
      const conversation = await createConversation(closed.app, 'de');
      const reply = (
        await postMessage(closed.app, conversation, 'Ich möchte mit einem Menschen sprechen')
      ).json().reply;
      const weekday = new Intl.DateTimeFormat('de', { weekday: 'long', timeZone: 'UTC' }).format(
        new Date(now.getTime() + 2 * 86_400_000),
      );
      expect(reply).toMatchObject({ tier: 'human', handoff: true });
      expect(reply.text).toContain(`ist ${weekday} 09:00 (UTC) wieder da`);
      expect(reply.text).toContain('Das Gespräch bleibt offen');
      // Writing again while waiting repeats when the team is back, not "a person will reply shortly".
      const again = (await postMessage(closed.app, conversation, 'Hallo? Ist da jemand?')).json()
        .reply;
      expect(again.text).toContain('wieder da');
    } finally {
      await closed.close();
    }

    const open = await createTestApp({ SUPPORT_HOURS: 'Mon-Sun 00:00-24:00 UTC' });
    try {
      const conversation = await createConversation(open.app, 'en');
      const reply = (await postMessage(open.app, conversation, 'I want to talk to a human')).json()
        .reply;
      expect(reply.text).toBe(
        "I'm handing this conversation to our support team. A person will reply here as soon as possible.",
      );
    } finally {
      await open.close();
    }
  });

  it('/metrics exports the queue length and the oldest wait', async () => {
    const test = await createTestApp({ OPS_TOKEN });
    try {
      const metrics = async () =>
        (await test.app.inject({ method: 'GET', url: '/metrics', headers: AUTHORIZATION })).body;
      expect(await metrics()).toMatch(/^parley_handoff_queue_length 0$/m);
      expect(await metrics()).toMatch(/^parley_handoff_oldest_wait_seconds 0$/m);
      for (const text of ['I want to talk to a human', 'Can I speak to a person please']) {
        const conversation = await createConversation(test.app, 'en');
        await postMessage(test.app, conversation, text);
      }
      await new Promise((resolve) => setTimeout(resolve, 1100));
      const body = await metrics();
      expect(body).toMatch(/^parley_handoff_queue_length 2$/m);
      const oldest = Number(/^parley_handoff_oldest_wait_seconds (\S+)$/m.exec(body)?.[1]);
      expect(oldest).toBeGreaterThanOrEqual(1);
      expect(oldest).toBeLessThan(60);
    } finally {
      await test.close();
    }
  });
});
