import type { types } from '@slack/bolt';
import type {
  Citation,
  ConversationState,
  MessageRole,
} from '../core/conversation/conversation.js';
import { canTransition, type HandoffAction } from '../core/handoff/handoff-state-machine.js';
import { type Language, languageName } from '../core/language/language.js';
import {
  citationMrkdwn,
  escapeMrkdwn,
  markdownToMrkdwn,
  quoteMrkdwn,
  truncate,
} from './slack-mrkdwn.js';

/** What the card shows besides its state; stored with the thread so later updates re-render the same card. */
export interface HandoffCardContent {
  conversationId: string;
  language: Language | null;
  reasons: string[];
  transcript: Array<{ role: MessageRole; text: string; author: string | null }>;
  /** What the bot would have answered from the knowledge base; never sent to the customer. */
  draft: { text: string; citations: Citation[] } | null;
  requestedAt: string;
}

export interface HandoffCardStatus {
  state: ConversationState;
  /** Display name of the staff member who made the last change. */
  by: string | null;
}

/** Button action ids; the value of each button is the conversation id. */
export const HANDOFF_ACTION_IDS = {
  take_over: 'parley_take_over',
  resolve: 'parley_resolve',
  return_to_bot: 'parley_return_to_bot',
} as const satisfies Partial<Record<HandoffAction, string>>;

export type CardAction = keyof typeof HANDOFF_ACTION_IDS;

export const TRANSCRIPT_MESSAGES = 6;
const TRANSCRIPT_MESSAGE_CHARACTERS = 400;
const SECTION_CHARACTERS = 2900;

const ROLE_LABELS: Record<MessageRole, string> = {
  user: 'Customer',
  assistant: 'Bot',
  staff: 'Staff',
  system: 'System',
};

const BUTTON_LABELS: Record<CardAction, string> = {
  take_over: 'Take over',
  resolve: 'Resolve',
  return_to_bot: 'Return to bot',
};

/** Which buttons make sense in a state: a resolved conversation offers none (the customer reopens it by writing). */
export function cardActionsFor(state: ConversationState): CardAction[] {
  if (state === 'resolved') return [];
  return (Object.keys(HANDOFF_ACTION_IDS) as CardAction[]).filter((action) =>
    canTransition(state, action),
  );
}

export function statusLine(status: HandoffCardStatus): string {
  const by = status.by ? ` by ${status.by}` : '';
  switch (status.state) {
    case 'handoff_requested':
      return ':raising_hand: Waiting for a person';
    case 'human':
      return `:technologist: Taken over${by}`;
    case 'resolved':
      return `:white_check_mark: Resolved${by}`;
    case 'bot':
      return status.by
        ? `:robot_face: Returned to the bot${by}`
        : ':robot_face: Back with the bot (the customer wrote again)';
  }
}

export function languageLabel(language: Language | null): string {
  return language ? `${languageName(language)} (${language})` : 'not known yet';
}

/** The handoff card as Block Kit; `text` is the notification fallback. */
export function renderHandoffCard(
  content: HandoffCardContent,
  status: HandoffCardStatus,
  /** PUBLIC_URL: where the local help center's site-relative citation links point. */
  publicUrl?: string,
): { text: string; blocks: types.KnownBlock[] } {
  const reasons =
    content.reasons.length > 0
      ? content.reasons.map((reason) => `\`${reason}\``).join(', ')
      : 'none';
  const blocks: types.KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: 'Customer handoff', emoji: true } },
    {
      type: 'section',
      fields: [
        { type: 'mrkdwn', text: `*Language*\n${languageLabel(content.language)}` },
        { type: 'mrkdwn', text: `*Reasons*\n${reasons}` },
        { type: 'mrkdwn', text: `*Status*\n${escapeMrkdwn(statusLine(status))}` },
        {
          type: 'mrkdwn',
          text: `*Requested*\n<!date^${Math.floor(Date.parse(content.requestedAt) / 1000)}^{date_short_pretty} {time}|${content.requestedAt}>`,
        },
      ],
    },
    { type: 'section', text: { type: 'mrkdwn', text: transcriptMrkdwn(content.transcript) } },
  ];
  if (content.draft) {
    const sources = content.draft.citations.map((citation) => citationMrkdwn(citation, publicUrl));
    const draft = `*Draft answer (not sent):*\n${quoteMrkdwn(truncate(markdownToMrkdwn(content.draft.text), SECTION_CHARACTERS - 400))}${sources.length > 0 ? `\nSources: ${sources.join(', ')}` : ''}`;
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: truncate(draft, SECTION_CHARACTERS) },
    });
  }
  const actions = cardActionsFor(status.state);
  if (actions.length > 0) {
    blocks.push({
      type: 'actions',
      block_id: 'parley_handoff_actions',
      elements: actions.map((action, index) => ({
        type: 'button',
        action_id: HANDOFF_ACTION_IDS[action],
        value: content.conversationId,
        text: { type: 'plain_text', text: BUTTON_LABELS[action] },
        ...(index === 0 ? { style: 'primary' as const } : {}),
        ...(action === 'resolve' ? { confirm: confirmResolve() } : {}),
      })),
    });
  }
  blocks.push({
    type: 'context',
    elements: [
      {
        type: 'mrkdwn',
        text: `Conversation \`${content.conversationId}\` · reply in this thread to answer the customer; start a reply with \`note:\` to keep it internal.`,
      },
    ],
  });
  return {
    text: `Customer handoff (${content.language ?? 'unknown language'}): ${statusLine(status)}`,
    blocks,
  };
}

function transcriptMrkdwn(transcript: HandoffCardContent['transcript']): string {
  if (transcript.length === 0) return '_No messages yet._';
  const lines = transcript.map((message) => {
    const who =
      message.role === 'staff' && message.author ? message.author : ROLE_LABELS[message.role];
    const text = escapeMrkdwn(
      truncate(message.text.replace(/\s+/g, ' ').trim(), TRANSCRIPT_MESSAGE_CHARACTERS),
    );
    return `*${escapeMrkdwn(who)}:* ${text}`;
  });
  // Keep the latest messages when the section would overflow.
  while (lines.length > 1 && lines.join('\n').length > SECTION_CHARACTERS - 40) lines.shift();
  return `*Recent messages*\n${quoteMrkdwn(lines.join('\n'))}`;
}

function confirmResolve(): types.ConfirmationDialog {
  return {
    title: { type: 'plain_text', text: 'Resolve this conversation?' },
    text: {
      type: 'mrkdwn',
      text: 'The customer is told that the conversation is resolved. If they write again, the bot answers.',
    },
    confirm: { type: 'plain_text', text: 'Resolve' },
    deny: { type: 'plain_text', text: 'Cancel' },
  };
}
