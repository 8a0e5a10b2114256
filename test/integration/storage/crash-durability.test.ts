/**
 * The durability rule, checked the hard way: a real server process under write load is killed
 * with SIGKILL (no shutdown hook, no final checkpoint), started again on the same database, and
 * every message it acknowledged (and the reply it sent) must be in the transcript. On SQLite the
 * rule rests on WAL with synchronous=NORMAL (a committed transaction survives a process crash;
 * only an OS crash or power loss could lose the last ones); on PostgreSQL on its own commit.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  createPostgresTestDatabase,
  type PostgresTestDatabase,
} from '../../support/postgres-test-database.js';
import { type ServerProcess, startServerProcess } from '../../support/server-process.js';

const CLIENTS = 6;
/** Killed once this many messages are acknowledged (or after LOAD_LIMIT_MS on a very slow machine). */
const ACKNOWLEDGED_BEFORE_KILL = 30;
const LOAD_LIMIT_MS = 30_000;
const QUESTIONS = [
  'How long does standard delivery take?',
  'Wie kann ich mein Passwort zurücksetzen?',
  'Quels moyens de paiement acceptez-vous ?',
  '¿Puedo devolver un pedido?',
  'Come posso tracciare il mio ordine?',
];

interface Acknowledged {
  conversationId: string;
  token: string;
  messageId: string;
  replyId: string;
  text: string;
}

interface Conversation {
  id: string;
  token: string;
}

async function createConversation(server: ServerProcess): Promise<Conversation> {
  const response = await fetch(`${server.url}/v1/conversations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  });
  if (response.status !== 201) throw new Error(`create failed with ${response.status}`);
  return (await response.json()) as Conversation;
}

/** Posts messages until the server dies; returns what it acknowledged with a 200. */
async function writeUntilKilled(
  server: ServerProcess,
  client: number,
  acknowledged: Acknowledged[],
): Promise<Acknowledged[]> {
  try {
    for (let round = 0; ; round++) {
      // A new conversation every few messages, so that creations are under load too.
      const conversation = await createConversation(server);
      for (let index = 0; index < 3; index++) {
        const text = `${QUESTIONS[(client + round + index) % QUESTIONS.length]} (${client}-${round}-${index})`;
        const response = await fetch(`${server.url}/v1/conversations/${conversation.id}/messages`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${conversation.token}`,
          },
          body: JSON.stringify({ text, clientMessageId: randomUUID() }),
        });
        if (response.status !== 200) continue;
        const turn = (await response.json()) as { message: { id: string }; reply: { id: string } };
        acknowledged.push({
          conversationId: conversation.id,
          token: conversation.token,
          messageId: turn.message.id,
          replyId: turn.reply.id,
          text,
        });
      }
    }
  } catch {
    // The connection died with the server: everything acknowledged before is what counts.
    return acknowledged;
  }
}

async function crashUnderLoadAndCheck(environment: NodeJS.ProcessEnv): Promise<void> {
  const first = await startServerProcess({ environment });
  const acknowledged: Acknowledged[] = [];
  const writers = Array.from({ length: CLIENTS }, (_, client) =>
    writeUntilKilled(first, client, acknowledged),
  );
  // Killed mid-load, however fast this machine answers: after a number of acknowledgements,
  // with six writers still sending.
  const deadline = Date.now() + LOAD_LIMIT_MS;
  while (acknowledged.length < ACKNOWLEDGED_BEFORE_KILL && Date.now() < deadline)
    await new Promise((wait) => setTimeout(wait, 20));
  await first.kill();
  await Promise.all(writers);
  // A load that acknowledged next to nothing would prove nothing.
  expect(acknowledged.length).toBeGreaterThanOrEqual(ACKNOWLEDGED_BEFORE_KILL);

  const second = await startServerProcess({ environment });
  try {
    const byConversation = new Map<string, Acknowledged[]>();
    for (const message of acknowledged) {
      const group = byConversation.get(message.conversationId) ?? [];
      group.push(message);
      byConversation.set(message.conversationId, group);
    }
    let missing = 0;
    for (const [conversationId, messages] of byConversation) {
      const response = await fetch(`${second.url}/v1/conversations/${conversationId}`, {
        headers: { authorization: `Bearer ${messages[0]?.token}` },
      });
      expect(response.status).toBe(200);
      const transcript = (await response.json()) as {
        messages: Array<{ id: string; role: string; text: string }>;
      };
      const stored = new Map(transcript.messages.map((message) => [message.id, message]));
      for (const message of messages) {
        const customerMessage = stored.get(message.messageId);
        if (customerMessage?.text !== message.text || !stored.has(message.replyId)) missing++;
      }
    }
    expect(missing).toBe(0);
    // The restarted server takes writes again.
    const conversation = await createConversation(second);
    expect(conversation.id).toBeTruthy();
  } finally {
    await second.stop();
  }
}

describe('kill -9 under write load: every acknowledged message survives the restart', () => {
  const directories: string[] = [];
  let postgres: PostgresTestDatabase | undefined;
  afterAll(async () => {
    for (const directory of directories) rmSync(directory, { recursive: true, force: true });
    await postgres?.drop();
  });

  it('on SQLite (a WAL file)', { timeout: 120_000 }, async () => {
    const directory = mkdtempSync(join(tmpdir(), 'parley-crash-'));
    directories.push(directory);
    await crashUnderLoadAndCheck({
      DATABASE_URL: `sqlite:${join(directory, 'parley.db')}`,
      TOKEN_SECRET: 'crash-test-secret-crash-test-secret-0001',
      RATE_LIMIT_PER_MINUTE: '100000',
    });
  });

  it('on PostgreSQL', { timeout: 120_000 }, async () => {
    postgres = await createPostgresTestDatabase('crash');
    const url = new URL(postgres.url);
    url.searchParams.set('options', `-c search_path=${postgres.schema}`);
    await crashUnderLoadAndCheck({
      DATABASE_URL: url.toString(),
      TOKEN_SECRET: 'crash-test-secret-crash-test-secret-0001',
      RATE_LIMIT_PER_MINUTE: '100000',
    });
  });
});
