import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConversationRepository } from '../../src/core/conversation/conversation-repository.js';
import type { Database } from '../../src/core/database/database.js';
import {
  createFeedbackRepository,
  type FeedbackRepository,
} from '../../src/core/feedback/feedback-repository.js';
import { parleyMigrations } from '../../src/migrations.js';

/**
 * The feedback repository's behaviour on every database: the latest rating wins (one row per
 * answer), verdicts replace each other, reads by conversation and by time range.
 */
export function describeFeedbackRepositoryContract(
  name: string,
  makeDatabase: () => Promise<Database>,
): void {
  describe(`Feedback repository contract: ${name}`, () => {
    let database: Database;
    let feedback: FeedbackRepository;
    let now = new Date('2026-03-01T10:00:00.000Z');

    beforeAll(async () => {
      database = await makeDatabase();
      await database.migrate(parleyMigrations(database.dialect));
      feedback = createFeedbackRepository(database, () => now);
    });
    afterAll(async () => database?.close());

    async function conversationWithAnswer() {
      const conversations = createConversationRepository(database);
      const conversation = await conversations.createConversation({
        localeHint: 'fr',
        language: 'fr',
      });
      const question = await conversations.appendUserMessage({
        conversationId: conversation.id,
        text: 'Comment changer mon mot de passe ?',
        language: 'fr',
        clientMessageId: null,
      });
      const answer = await conversations.appendMessage({
        conversationId: conversation.id,
        role: 'assistant',
        text: 'Ouvrez les réglages.',
        replyToId: question.message.id,
      });
      return { conversation, answer };
    }

    it('stores a rating and replaces it with the latest one, comment included', async () => {
      const { conversation, answer } = await conversationWithAnswer();
      now = new Date('2026-03-01T10:00:00.000Z');
      const first = await feedback.rate({
        conversationId: conversation.id,
        messageId: answer.id,
        rating: 'up',
        comment: null,
        language: 'fr',
        channel: 'web',
      });
      expect(first).toMatchObject({ rating: 'up', comment: null, language: 'fr' });
      now = new Date('2026-03-01T10:05:00.000Z');
      const second = await feedback.rate({
        conversationId: conversation.id,
        messageId: answer.id,
        rating: 'down',
        comment: 'Pas clair',
        language: 'fr',
        channel: 'web',
      });
      expect(second).toMatchObject({
        rating: 'down',
        comment: 'Pas clair',
        createdAt: '2026-03-01T10:00:00.000Z',
        updatedAt: '2026-03-01T10:05:00.000Z',
      });
      const stored = await feedback.listFeedback([conversation.id]);
      expect(stored).toEqual([second]);
    });

    it('keeps the latest verdict per conversation', async () => {
      const { conversation } = await conversationWithAnswer();
      expect(
        (await feedback.resolve({ conversationId: conversation.id, resolved: false })).resolved,
      ).toBe(false);
      expect(
        (await feedback.resolve({ conversationId: conversation.id, resolved: true })).resolved,
      ).toBe(true);
      const verdicts = await feedback.listResolutions([conversation.id]);
      expect(verdicts).toHaveLength(1);
      expect(verdicts[0]).toMatchObject({ conversationId: conversation.id, resolved: true });
    });

    it('reads ratings of many conversations at once and by time range', async () => {
      const ids: string[] = [];
      now = new Date('2026-04-02T08:00:00.000Z');
      for (let index = 0; index < 3; index++) {
        const { conversation, answer } = await conversationWithAnswer();
        ids.push(conversation.id);
        await feedback.rate({
          conversationId: conversation.id,
          messageId: answer.id,
          rating: index === 0 ? 'down' : 'up',
          comment: null,
          language: 'fr',
          channel: 'web',
        });
      }
      expect((await feedback.listFeedback(ids)).map((item) => item.rating).sort()).toEqual([
        'down',
        'up',
        'up',
      ]);
      expect(await feedback.listFeedback([])).toEqual([]);
      const inApril = await feedback.listFeedbackInRange({
        from: '2026-04-01T00:00:00.000Z',
        to: '2026-05-01T00:00:00.000Z',
      });
      expect(inApril.map((item) => item.conversationId).sort()).toEqual([...ids].sort());
    });

    it('refuses a rating for a conversation that does not exist', async () => {
      await expect(
        feedback.rate({
          conversationId: '00000000-0000-4000-8000-000000000000',
          messageId: '00000000-0000-4000-8000-000000000001',
          rating: 'up',
          comment: null,
          language: null,
          channel: 'web',
        }),
      ).rejects.toThrow();
    });
  });
}
