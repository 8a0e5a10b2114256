import type { ConversationState } from '../conversation/conversation.js';
import { conflict } from '../conversation/conversation-errors.js';

/**
 * Who holds a conversation. The bot asks for a person (`request`), staff take it over, resolve
 * it or give it back to the bot; a customer writing into a resolved conversation reopens it
 * with the bot (`reopen`).
 */
export type HandoffAction = 'request' | 'take_over' | 'resolve' | 'return_to_bot' | 'reopen';

const TRANSITIONS: Record<HandoffAction, Partial<Record<ConversationState, ConversationState>>> = {
  request: { bot: 'handoff_requested', resolved: 'handoff_requested' },
  take_over: { bot: 'human', handoff_requested: 'human' },
  resolve: { bot: 'resolved', handoff_requested: 'resolved', human: 'resolved' },
  return_to_bot: { handoff_requested: 'bot', human: 'bot', resolved: 'bot' },
  reopen: { resolved: 'bot' },
};

export function nextHandoffState(
  current: ConversationState,
  action: HandoffAction,
): ConversationState {
  const next = TRANSITIONS[action][current];
  if (!next) {
    throw conflict(
      `The conversation is "${current}"; "${action.replace(/_/g, ' ')}" is not possible from there.`,
    );
  }
  return next;
}

export function canTransition(current: ConversationState, action: HandoffAction): boolean {
  return TRANSITIONS[action][current] !== undefined;
}

/** True while a person is expected to answer: the bot stays silent. */
export function isWithStaff(state: ConversationState): boolean {
  return state === 'handoff_requested' || state === 'human';
}
