import { App, type BlockAction, type ButtonAction, webApi } from '@slack/bolt';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { Config } from '../config.js';
import { ParleyError } from '../core/conversation/conversation-errors.js';
import { createHandoffDrafter } from '../core/handoff/handoff-drafter.js';
import {
  createChatModelTranslator,
  type StaffReplyTranslator,
} from '../core/staff/staff-reply-translator.js';
import type { Services } from '../create-services.js';
import { createBoltLogger } from './bolt-logger.js';
import { createFastifySlackReceiver } from './fastify-slack-receiver.js';
import { type CardAction, HANDOFF_ACTION_IDS } from './handoff-card.js';
import { createHandoffThreadReplies } from './handoff-thread-replies.js';
import { createKeyedSerialQueue } from './keyed-serial-queue.js';
import { createParleyCommand, PARLEY_COMMAND } from './parley-command.js';
import { createSlackDailyStats } from './slack-daily-stats.js';
import { createSlackDeliveryStore } from './slack-delivery-store.js';
import { createSlackHandoffObserver } from './slack-handoff-observer.js';
import { createSlackStaffDirectory } from './slack-staff-directory.js';
import { createSlackThreadStore } from './slack-thread-store.js';
import { createStaffAssistant } from './staff-assistant.js';

export interface SlackIntegrationOptions {
  config: Config;
  services: Services;
  logger: FastifyBaseLogger;
  /** Milliseconds since the epoch; tests move the clock for signature timestamps and "today". */
  now?: () => number;
  /** Replaces the model translator (tests; another provider). */
  translator?: StaffReplyTranslator;
}

export interface SlackIntegration {
  /** Registers POST /slack/events in its own encapsulated context. */
  plugin(scope: FastifyInstance): Promise<void>;
  /** Resolves when listeners and queued Slack calls have finished (not the card posts retried later). */
  idle(): Promise<void>;
  /** Cancels card posts waiting for a retry (the server is closing). */
  close(): void;
}

/** The fields of a person's message event that the listeners read (Bolt's union type, narrowed by hand). */
interface PlainMessage {
  channel: string;
  channel_type?: string;
  user?: string;
  bot_id?: string;
  text?: string;
  ts: string;
  thread_ts?: string;
}

/** How long a click or command waits for the bot's identity before going on without it. */
const IDENTITY_WAIT_MS = 1000;

const STAFF_MESSAGE_SUBTYPES = new Set(['thread_broadcast', 'file_share']);

const ACTION_OF_ID = Object.fromEntries(
  Object.entries(HANDOFF_ACTION_IDS).map(([action, id]) => [id, action]),
) as Record<string, CardAction>;

/**
 * Slack on: the Bolt App behind a Fastify receiver, the staff assistant, handoff cards and
 * thread replies, card buttons and `/parley`. Everything goes through one WebClient with the bot
 * token at SLACK_API_URL; the bot's own identity (for ignoring its own messages) comes from one
 * auth.test, retried until it succeeds rather than failing startup when Slack is unreachable.
 */
export async function createSlackIntegration(
  options: SlackIntegrationOptions,
): Promise<SlackIntegration> {
  const { config, services, logger } = options;
  const token = config.SLACK_BOT_TOKEN;
  const signingSecret = config.SLACK_SIGNING_SECRET;
  if (!token || !signingSecret)
    throw new Error('Slack needs SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET');

  const boltLogger = createBoltLogger(logger);
  const clientOptions: webApi.WebClientOptions = {
    slackApiUrl: config.SLACK_API_URL.endsWith('/')
      ? config.SLACK_API_URL
      : `${config.SLACK_API_URL}/`,
    logger: boltLogger,
    // The default (ten retries over thirty minutes, no timeout) would hold a listener for half an
    // hour, or forever on a Slack that accepts the connection and never answers: every call is
    // bounded to three attempts of SLACK_API_TIMEOUT_MS each.
    retryConfig: { retries: 2, factor: 3, minTimeout: 300, maxTimeout: 3000 },
    timeout: config.SLACK_API_TIMEOUT_MS,
  };
  const client = new webApi.WebClient(token, clientOptions);
  let identity: Promise<{ botId?: string; botUserId?: string }> | undefined;
  const botIdentity = () => {
    identity ??= client.auth.test().then(
      (result) => ({
        ...(result.bot_id ? { botId: result.bot_id } : {}),
        ...(result.user_id ? { botUserId: result.user_id } : {}),
      }),
      (error: unknown) => {
        identity = undefined;
        throw error;
      },
    );
    return identity;
  };

  const identityWithin = async (milliseconds: number) => {
    let timer: NodeJS.Timeout | undefined;
    const gaveUp = new Promise<Record<string, never>>((resolve) => {
      timer = setTimeout(() => resolve({}), milliseconds);
    });
    try {
      return await Promise.race([botIdentity().catch(() => ({})), gaveUp]);
    } finally {
      clearTimeout(timer);
    }
  };

  // Tell operators at startup whether the token works; a failure is retried on the first event.
  const startupCheck = botIdentity().then(
    (found) => logger.info({ botUserId: found.botUserId }, 'Slack is on: bot token verified'),
    (error: unknown) =>
      logger.warn(
        { err: error },
        'Slack auth.test failed: check SLACK_BOT_TOKEN and SLACK_API_URL (retried on the next Slack request)',
      ),
  );

  const receiver = createFastifySlackReceiver({
    signingSecret,
    // In the database, not in memory: Slack's retry (or a replayed request) may reach another instance.
    deliveries: createSlackDeliveryStore(services.database, {
      ...(options.now ? { now: options.now } : {}),
      onCleanupError: (error) =>
        logger.warn({ err: error }, 'deleting expired Slack delivery ids failed'),
    }),
    logger,
    ...(options.now ? { now: options.now } : {}),
  });
  const bolt = new App({
    receiver: receiver.receiver,
    // Bolt authorizes before a click's or command's listener can ack; a hanging auth.test must not
    // cost Slack's three seconds, so the identity is waited for briefly (it is cached once known).
    authorize: async () => ({ botToken: token, ...(await identityWithin(IDENTITY_WAIT_MS)) }),
    logger: boltLogger,
    clientOptions,
    convoStore: false,
  });

  const botMessages = services.botMessages;
  const threads = createSlackThreadStore(services.database);
  const queue = createKeyedSerialQueue((error, conversationId) =>
    logger.error({ err: error, conversationId }, 'a Slack handoff update failed'),
  );
  const staff = createSlackStaffDirectory(client, (error) =>
    logger.warn({ err: error }, 'users.info failed; using the name from the payload'),
  );
  const onBedrock = config.MODEL_PROVIDER === 'bedrock';
  const translator =
    options.translator ??
    (onBedrock
      ? createChatModelTranslator({
          model: services.models.small,
          timeoutMs: config.MODEL_TIMEOUT_MS,
        })
      : undefined);
  const detector = translator ? services.languageDetector : undefined;
  const drafter = createHandoffDrafter({
    retriever: services.retriever,
    model: services.models.small,
    ...(services.promptRenderer ? { promptRenderer: services.promptRenderer } : {}),
    timeoutMs: config.MODEL_TIMEOUT_MS,
  });

  const handoffObserver = createSlackHandoffObserver({
    client,
    channelId: config.SLACK_HANDOFF_CHANNEL,
    threads,
    conversations: services.conversations,
    drafter,
    queue,
    logger,
    ...(config.PUBLIC_URL ? { publicUrl: config.PUBLIC_URL } : {}),
  });
  services.conversations.onHandoff(handoffObserver.observe);
  const assistant = createStaffAssistant({
    client,
    conversations: services.conversations,
    threads,
    botMessages,
    ...(config.PUBLIC_URL ? { publicUrl: config.PUBLIC_URL } : {}),
  });
  const replies = createHandoffThreadReplies({
    client,
    conversations: services.conversations,
    threads,
    staff,
    ...(detector ? { detector } : {}),
    ...(translator ? { translator } : {}),
    logger,
  });
  const command = createParleyCommand({
    stats: createSlackDailyStats(
      { conversations: services.conversations, escalations: services.escalations },
      options.now,
    ),
  });

  bolt.event('app_mention', async ({ event, context }) => {
    // Direct messages arrive as message.im and are answered there.
    if (event.channel.startsWith('D')) return;
    await assistant.answer({
      channelId: event.channel,
      threadTs: event.thread_ts ?? event.ts,
      messageTs: event.ts,
      text: event.text,
      botUserId: context.botUserId,
    });
  });

  bolt.message(async ({ message: event, context }) => {
    // Edits, deletions, joins and every bot message (ours included) have a subtype or a bot_id:
    // never answer them. A reply also sent to the channel, or with a file, is still a staff reply.
    if (event.subtype !== undefined && !STAFF_MESSAGE_SUBTYPES.has(event.subtype)) return;
    const message = event as PlainMessage;
    if (message.bot_id || !message.user) return;
    const text = message.text ?? '';
    if (message.channel_type === 'im') {
      await assistant.answer({
        channelId: message.channel,
        threadTs: message.thread_ts ?? message.ts,
        messageTs: message.ts,
        text,
        botUserId: context.botUserId,
      });
      return;
    }
    if (!message.thread_ts || message.thread_ts === message.ts) return;
    // A reply that mentions the bot is a question to it (app_mention answers), not a reply to the customer.
    if (context.botUserId && text.includes(`<@${context.botUserId}`)) return;
    await replies.handle({
      channelId: message.channel,
      threadTs: message.thread_ts,
      messageTs: message.ts,
      userId: message.user,
      text,
    });
  });

  bolt.action<BlockAction<ButtonAction>>(
    /^parley_(take_over|resolve|return_to_bot)$/,
    async ({ ack, action, body }) => {
      await ack();
      const handoffAction = ACTION_OF_ID[action.action_id];
      if (!handoffAction) return;
      const name = await staff.nameOf(body.user.id, body.user.name ?? body.user.username);
      try {
        await services.conversations.changeHandoffState(action.value ?? '', handoffAction, name);
      } catch (error) {
        if (!(error instanceof ParleyError) || !body.channel?.id) throw error;
        // Someone else was faster (or the customer reopened it): tell only the one who clicked.
        await client.chat.postEphemeral({
          channel: body.channel.id,
          user: body.user.id,
          text: error.message,
          ...(body.message?.ts ? { thread_ts: body.message.ts } : {}),
        });
      }
    },
  );

  bolt.command(PARLEY_COMMAND, async ({ ack, command: slash }) => {
    await ack(await command.respond(slash.text));
  });

  return {
    plugin: receiver.plugin,
    close: handoffObserver.close,
    async idle() {
      await startupCheck;
      await receiver.idle();
      await queue.idle();
      // A listener may have queued Slack calls while the queue drained.
      await receiver.idle();
      await queue.idle();
    },
  };
}
