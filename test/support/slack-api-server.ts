import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SlackApiServer {
  /** Base URL for SLACK_API_URL, e.g. http://127.0.0.1:41234/api/ */
  url: string;
  /** Every call received, in order (also the ones left hanging). */
  calls: Array<{ method: string; params: URLSearchParams }>;
  /** From now on, calls to these methods get no answer at all (the connection stays open). */
  hang(...methods: string[]): void;
  /** Answers these methods again (calls already hanging stay unanswered). */
  recover(...methods: string[]): void;
  close(): Promise<void>;
}

/**
 * The Slack Web API as a real HTTP server on 127.0.0.1 that can be told to hang: it accepts the
 * request and never answers, which is what a Slack outage looks like from the client side.
 */
export async function startSlackApiServer(): Promise<SlackApiServer> {
  const hanging = new Set<string>();
  const calls: SlackApiServer['calls'] = [];
  const open = new Set<ServerResponse>();
  let counter = 0;

  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => {
      body += chunk;
    });
    request.on('end', () => {
      const method = (request.url ?? '').replace(/^\/api\//, '');
      const params = new URLSearchParams(body);
      calls.push({ method, params });
      if (hanging.has(method)) {
        open.add(response);
        response.on('close', () => open.delete(response));
        return;
      }
      counter += 1;
      const answers: Record<string, unknown> = {
        'auth.test': { ok: true, user_id: 'U0BOT', bot_id: 'B0BOT', team_id: 'T0PARLEY' },
        'chat.postMessage': {
          ok: true,
          channel: params.get('channel'),
          ts: `${Math.floor(Date.now() / 1000)}.${String(counter).padStart(6, '0')}`,
        },
        'users.info': {
          ok: true,
          user: { id: params.get('user'), real_name: 'Anna Keller', profile: {} },
        },
      };
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify(answers[method] ?? { ok: true }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/`,
    calls,
    hang: (...methods) => {
      for (const method of methods) hanging.add(method);
    },
    recover: (...methods) => {
      for (const method of methods) hanging.delete(method);
    },
    async close() {
      for (const response of open) response.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
