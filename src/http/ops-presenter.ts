import type { Conversation, Message } from '../core/conversation/conversation.js';
import type { EscalationRecord } from '../core/escalations/escalation-record.js';

export interface TranscriptMessage {
  id: string;
  role: Message['role'];
  text: string;
  language: Message['language'];
  tier: Message['tier'];
  reasons: Message['reasons'];
  handoff: boolean;
  author: string | null;
  createdAt: string;
}

export interface Transcript {
  conversationId: string | null;
  language: Conversation['language'];
  state: Conversation['state'] | null;
  messages: TranscriptMessage[];
}

export interface OpsPresenter {
  record(record: EscalationRecord): EscalationRecord;
  transcript(conversation: Conversation | undefined, messages: Message[]): Transcript;
}

/**
 * What leaves /ops: customer text passes the redactor (REDACT_PERSONAL_DATA) even when it was
 * stored before redaction was switched on; message telemetry (meta) stays inside.
 */
export function createOpsPresenter(redact: (text: string) => string): OpsPresenter {
  return {
    record: (record) => ({ ...record, excerpt: redact(record.excerpt) }),
    transcript: (conversation, messages) => ({
      conversationId: conversation?.id ?? null,
      language: conversation?.language ?? null,
      state: conversation?.state ?? null,
      messages: messages.map((message) => ({
        id: message.id,
        role: message.role,
        text: redact(message.text),
        language: message.language,
        tier: message.tier,
        reasons: message.reasons,
        handoff: message.handoff,
        author: message.author,
        createdAt: message.createdAt,
      })),
    }),
  };
}
