import { createConversationRepository } from '../../src/core/conversation/conversation-repository.js';
import { notifyConversationEvent } from '../../src/core/conversation/postgres-conversation-event-bus.js';
import { createDatabase } from '../../src/core/database/create-database.js';
import { createSlackThreadStore } from '../../src/slack/slack-thread-store.js';

/**
 * A process that is not a server (the CLI, a script, a migration job) writing to the fleet's
 * database through the conversation module, as any such tool does.
 */
export function createFleetWriter(databaseUrl: string) {
  const database = createDatabase(databaseUrl, { maxConnections: 4 });
  const repository = createConversationRepository(database, {
    onEventInserted: notifyConversationEvent,
  });
  return {
    repository,
    staffReply: (conversationId: string, text: string) =>
      repository.appendMessage({ conversationId, role: 'staff', text, author: 'Ana' }),
    /** The Slack module's link of a conversation to its handoff card thread, once an instance posted the card. */
    slackThreads: createSlackThreadStore(database),
    close: () => database.close(),
  };
}
