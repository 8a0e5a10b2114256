import type { LogEntry } from '../conversation/conversation-log-reader.js';

export const OUTCOMES = [
  'resolved_by_bot',
  'handed_off',
  'resolved_by_staff',
  'unresolved',
  'open',
] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** The rule that decided an outcome; docs/ops.md "Outcomes" explains each in the same order. */
export const OUTCOME_RULES = {
  staff_resolved: 'A person took the conversation over and it was marked resolved.',
  staff_confirmed: 'A person took the conversation over and the customer confirmed it was solved.',
  person_took_over: 'A person took the conversation over; it is not marked resolved.',
  customer_confirmed: 'The customer answered yes to "Did that solve your problem?".',
  handoff_requested: 'A person was asked for (by the customer, the router or staff).',
  customer_said_no: 'The customer answered no to "Did that solve your problem?".',
  inside_window: 'The last message is less than the resolution window old.',
  last_answer_rated_down: "The customer rated the bot's last answer 👎 and wrote nothing more.",
  customer_message_unanswered: "The customer's last message got no answer.",
  bot_answered_last: 'The bot answered last and nothing followed within the resolution window.',
} as const;
export type OutcomeRule = keyof typeof OUTCOME_RULES;

export interface OutcomeInput {
  /** The conversation's log, oldest first (messages and state changes). */
  log: readonly LogEntry[];
  /** The customer's ratings of this conversation's answers (latest per answer). */
  feedback: ReadonlyArray<{ messageId: string; rating: 'up' | 'down' }>;
  /** The customer's own verdict, if they gave one (the latest). */
  resolution: { resolved: boolean } | null;
  now: Date;
  windowHours: number;
}

export interface ConversationOutcome {
  outcome: Outcome;
  /** For resolved_by_bot: hard when the customer confirmed it, soft when inferred from quiet. */
  strength: 'hard' | 'soft' | null;
  rule: OutcomeRule;
  explanation: string;
}

const decided = (
  outcome: Outcome,
  rule: OutcomeRule,
  strength: ConversationOutcome['strength'] = null,
): ConversationOutcome => ({ outcome, strength, rule, explanation: OUTCOME_RULES[rule] });

/**
 * The outcome of one conversation, from its own log and the customer's feedback, judged at `now`.
 * Pure: the same log gives the same outcome, so ops can recompute and check every figure.
 * Returns null for a conversation in which the customer never wrote (nothing to resolve).
 * The rules are tried in order; the first that applies decides.
 */
export function decideOutcome(input: OutcomeInput): ConversationOutcome | null {
  const messages = input.log.filter((entry) => entry.kind === 'message');
  if (!messages.some((message) => message.role === 'user')) return null;
  const states = input.log.filter((entry) => entry.kind === 'state');
  const lastState = states.at(-1)?.state;

  const personJoined =
    messages.some((message) => message.role === 'staff') ||
    states.some((entry) => entry.state === 'human' || entry.state === 'resolved');
  if (personJoined) {
    if (lastState === 'resolved') return decided('resolved_by_staff', 'staff_resolved');
    if (input.resolution?.resolved) return decided('resolved_by_staff', 'staff_confirmed');
    return decided('handed_off', 'person_took_over');
  }
  if (input.resolution?.resolved) return decided('resolved_by_bot', 'customer_confirmed', 'hard');
  const handoffRequested =
    messages.some((message) => message.handoff) ||
    states.some((entry) => entry.state === 'handoff_requested');
  if (handoffRequested) return decided('handed_off', 'handoff_requested');
  if (input.resolution?.resolved === false) return decided('unresolved', 'customer_said_no');

  // Nothing decided it yet: the last message and the quiet after it do.
  const last = messages.at(-1);
  if (last === undefined) return null;
  const quietMs = input.now.getTime() - Date.parse(last.createdAt);
  if (quietMs < input.windowHours * 3_600_000) return decided('open', 'inside_window');
  if (last.role !== 'assistant' && last.role !== 'system')
    return decided('unresolved', 'customer_message_unanswered');
  const lastAnswer = messages.filter((message) => message.role === 'assistant').at(-1);
  const ratedDown = input.feedback.some(
    (item) => item.messageId === lastAnswer?.id && item.rating === 'down',
  );
  if (ratedDown) return decided('unresolved', 'last_answer_rated_down');
  return decided('resolved_by_bot', 'bot_answered_last', 'soft');
}
