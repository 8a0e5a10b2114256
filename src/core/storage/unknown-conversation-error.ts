/** Thrown when a storage call names a conversation that does not exist (HTTP maps it to 404). */
export class UnknownConversationError extends Error {
  readonly code = 'unknown_conversation';

  constructor(readonly conversationId: string) {
    super(`Unknown conversation: ${conversationId}`);
    this.name = 'UnknownConversationError';
  }
}
