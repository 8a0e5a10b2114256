import { describe, expect, it } from 'vitest';
import type { LogEntry } from '../../../src/core/conversation/conversation-log-reader.js';
import { decideOutcome } from '../../../src/core/outcomes/conversation-outcome.js';

const HOUR = 3_600_000;
const START = Date.parse('2026-03-02T09:00:00.000Z');
const at = (hours: number) => new Date(START + hours * HOUR).toISOString();

function message(
  id: string,
  role: 'user' | 'assistant' | 'staff' | 'system',
  hours: number,
  extra: Partial<Extract<LogEntry, { kind: 'message' }>> = {},
): LogEntry {
  return {
    kind: 'message',
    id,
    role,
    text: id,
    createdAt: at(hours),
    language: 'en',
    tier: role === 'assistant' ? 'small' : null,
    reasons: [],
    handoff: false,
    replyToId: null,
    meta: {},
    ...extra,
  };
}
const state = (
  value: 'handoff_requested' | 'human' | 'resolved' | 'bot',
  hours: number,
): LogEntry => ({
  kind: 'state',
  state: value,
  createdAt: at(hours),
  by: null,
});
const judge = (
  log: LogEntry[],
  options: {
    hours: number;
    feedback?: Array<{ messageId: string; rating: 'up' | 'down' }>;
    resolved?: boolean;
  },
) =>
  decideOutcome({
    log,
    feedback: options.feedback ?? [],
    resolution: options.resolved === undefined ? null : { resolved: options.resolved },
    now: new Date(START + options.hours * HOUR),
    windowHours: 24,
  });

const answered = [message('q', 'user', 0), message('a', 'assistant', 0.01)];

describe('decideOutcome', () => {
  it('has no outcome for a conversation the customer never wrote in', () => {
    expect(judge([], { hours: 100 })).toBeNull();
    expect(judge([message('notice', 'system', 0)], { hours: 100 })).toBeNull();
  });

  it('keeps a quiet answer open inside the window and resolves it softly after', () => {
    expect(judge(answered, { hours: 23.9 })).toMatchObject({
      outcome: 'open',
      rule: 'inside_window',
    });
    expect(judge(answered, { hours: 24.1 })).toMatchObject({
      outcome: 'resolved_by_bot',
      strength: 'soft',
      rule: 'bot_answered_last',
    });
  });

  it('counts a 👎 on the last answer only once the customer has left', () => {
    const feedback = [{ messageId: 'a', rating: 'down' as const }];
    expect(judge(answered, { hours: 2, feedback })).toMatchObject({ outcome: 'open' });
    expect(judge(answered, { hours: 30, feedback })).toMatchObject({
      outcome: 'unresolved',
      rule: 'last_answer_rated_down',
    });
    // A 👎 on an earlier answer followed by a good one does not count.
    const later = [...answered, message('q2', 'user', 1), message('a2', 'assistant', 1.01)];
    expect(judge(later, { hours: 30, feedback })).toMatchObject({ strength: 'soft' });
  });

  it("takes the customer's verdict over the quiet, at once", () => {
    expect(judge(answered, { hours: 1, resolved: true })).toMatchObject({
      outcome: 'resolved_by_bot',
      strength: 'hard',
      rule: 'customer_confirmed',
    });
    expect(judge(answered, { hours: 1, resolved: false })).toMatchObject({
      outcome: 'unresolved',
      rule: 'customer_said_no',
    });
  });

  it('puts handoffs and staff before the bot', () => {
    const handoff = [message('q', 'user', 0), message('a', 'assistant', 0.01, { handoff: true })];
    expect(judge(handoff, { hours: 1, resolved: false })).toMatchObject({
      outcome: 'handed_off',
      rule: 'handoff_requested',
    });
    const staff = [...handoff, state('human', 0.1), message('s', 'staff', 0.2)];
    expect(judge(staff, { hours: 50 })).toMatchObject({
      outcome: 'handed_off',
      rule: 'person_took_over',
    });
    expect(judge(staff, { hours: 50, resolved: true })).toMatchObject({
      outcome: 'resolved_by_staff',
      rule: 'staff_confirmed',
    });
    expect(judge([...staff, state('resolved', 0.3)], { hours: 1 })).toMatchObject({
      outcome: 'resolved_by_staff',
      rule: 'staff_resolved',
    });
  });

  it('calls a customer message left without an answer unresolved after the window', () => {
    const unanswered = [...answered, message('q2', 'user', 1)];
    expect(judge(unanswered, { hours: 26 })).toMatchObject({
      outcome: 'unresolved',
      rule: 'customer_message_unanswered',
    });
  });
});
