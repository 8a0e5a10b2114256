import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { NO_ANSWER_MARKER } from '../../src/core/prompts/no-answer-marker.js';
import { loadKnowledgeBase } from '../../src/core/retrieval/knowledge-base-loader.js';
import { type EventStreamFrame, encodeFrame } from './bedrock-eventstream.js';

/**
 * A local HTTP/1.1 server that speaks enough of the Bedrock runtime and agent-runtime
 * wire protocol for the real SDK clients: Converse (JSON), ConverseStream (real
 * eventstream frames, paced like a model) and Knowledge Base Retrieve. Point the
 * service at it with BEDROCK_RUNTIME_ENDPOINT / BEDROCK_AGENT_RUNTIME_ENDPOINT (and any
 * AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY: requests are signed, never checked).
 */

export interface StandInPassage {
  id: string;
  language: string;
  title: string;
  url?: string;
  text: string;
}

export interface StandInConverseRequest {
  modelId: string;
  streaming: boolean;
  /** All system text blocks joined by a blank line. */
  system: string;
  /** Text of the last user message (the folded prompt too, for models without `system`). */
  userText: string;
  hasCachePoint: boolean;
  body: Record<string, unknown>;
}

export interface StandInRecordedRequest {
  method: string;
  path: string;
  body: unknown;
}

export interface BedrockStandInOptions {
  tokensPerSecond: number;
  firstTokenDelayMs: number;
  /** Default: the first sentence of the first passage in the prompt, cited; the no-answer marker without passages. */
  answer?: (request: StandInConverseRequest) => string;
  port?: number;
  host?: string;
  /** Knowledge base to serve from Retrieve; default the repository's kb/ folder. */
  kbDir?: string;
  /** Served instead of kbDir when given. */
  passages?: readonly StandInPassage[];
  /** Sends a modelStreamErrorException frame after this many tokens (mid-stream failure drills). */
  failStreamAfterTokens?: number;
}

export interface BedrockStandIn {
  url: string;
  /** Every request received, in order (bodies parsed as JSON). */
  requests: StandInRecordedRequest[];
  /** ConverseStream responses still open (a client that stops reading must close its stream). */
  activeStreams(): number;
  close(): Promise<void>;
}

const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

async function readBody(request: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

function sendError(response: ServerResponse, status: number, type: string, message: string): void {
  response.writeHead(status, { 'content-type': 'application/json', 'x-amzn-errortype': type });
  response.end(JSON.stringify({ message }));
}

const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

/** Splits an answer into model-like tokens: words with their trailing blank. */
export function tokenize(text: string): string[] {
  return text.match(/\S+\s*|\s+/g) ?? [];
}

export function defaultAnswer(request: StandInConverseRequest): string {
  const prompt = `${request.system}\n\n${request.userText}`;
  const first = /^\[(p\d+)\][^\n]*\n([^\n]+)/m.exec(prompt);
  if (!first) return NO_ANSWER_MARKER;
  const sentence = /^.*?[.!?](?=\s|$)/.exec(first[2] as string)?.[0] ?? (first[2] as string);
  return `${sentence.trim()} [${first[1]}]`;
}

function describeConverse(
  modelId: string,
  streaming: boolean,
  body: Record<string, unknown>,
): StandInConverseRequest {
  const system = Array.isArray(body.system) ? (body.system as Array<Record<string, unknown>>) : [];
  const messages = Array.isArray(body.messages)
    ? (body.messages as Array<{ role?: string; content?: Array<{ text?: string }> }>)
    : [];
  const lastUser = [...messages].reverse().find((message) => message.role === 'user');
  return {
    modelId,
    streaming,
    system: system
      .map((block) => (typeof block.text === 'string' ? block.text : ''))
      .filter(Boolean)
      .join('\n\n'),
    userText: (lastUser?.content ?? []).map((block) => block.text ?? '').join(''),
    hasCachePoint: system.some((block) => 'cachePoint' in block),
    body,
  };
}

const approximateTokens = (text: string) => Math.ceil(text.length / 4);

const wordsOf = (text: string) =>
  new Set(
    text
      .toLowerCase()
      .normalize('NFD')
      .replace(/\p{M}/gu, '')
      .match(/\p{L}{3,}/gu) ?? [],
  );

/**
 * IDF-weighted share of the query's words found in the passage: 0..1 like Bedrock's scores, and
 * words every article has ("the", "you") weigh little, so an off-topic question scores low.
 */
function createScorer(passages: readonly StandInPassage[]) {
  const documentFrequency = new Map<string, number>();
  const passageWords = new Map<StandInPassage, Set<string>>();
  for (const passage of passages) {
    const words = wordsOf(`${passage.title} ${passage.text}`);
    passageWords.set(passage, words);
    for (const word of words) documentFrequency.set(word, (documentFrequency.get(word) ?? 0) + 1);
  }
  const idf = (word: string) =>
    Math.log((passages.length + 1) / ((documentFrequency.get(word) ?? 0) + 1)) + 0.01;
  return (query: string, passage: StandInPassage): number => {
    const queryWords = [...wordsOf(query)];
    const total = queryWords.reduce((sum, word) => sum + idf(word), 0);
    if (total === 0) return 0;
    const words = passageWords.get(passage) ?? new Set<string>();
    const matched = queryWords
      .filter((word) => words.has(word))
      .reduce((sum, word) => sum + idf(word), 0);
    return Math.round((matched / total) * 1e6) / 1e6;
  };
}

export async function startBedrockStandIn(options: BedrockStandInOptions): Promise<BedrockStandIn> {
  const passages: readonly StandInPassage[] =
    options.passages ??
    (await loadKnowledgeBase(options.kbDir ?? path.join(repositoryRoot, 'kb'))).passages.map(
      (passage) => ({
        id: passage.id,
        language: passage.language,
        title: passage.title,
        url: passage.url,
        text: passage.text,
      }),
    );
  const answerOf = options.answer ?? defaultAnswer;
  const scorePassage = createScorer(passages);
  const tokenIntervalMs = 1000 / Math.max(options.tokensPerSecond, 0.001);
  const requests: StandInRecordedRequest[] = [];
  let openStreams = 0;

  async function converse(
    modelId: string,
    body: Record<string, unknown>,
    response: ServerResponse,
  ): Promise<void> {
    const description = describeConverse(modelId, false, body);
    const answer = answerOf(description);
    const tokens = tokenize(answer);
    await sleep(options.firstTokenDelayMs + tokens.length * tokenIntervalMs);
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(
      JSON.stringify({
        output: { message: { role: 'assistant', content: [{ text: answer }] } },
        stopReason: 'end_turn',
        usage: {
          inputTokens: approximateTokens(description.system + description.userText),
          outputTokens: tokens.length,
          totalTokens: approximateTokens(description.system + description.userText) + tokens.length,
        },
        metrics: {
          latencyMs: Math.round(options.firstTokenDelayMs + tokens.length * tokenIntervalMs),
        },
      }),
    );
  }

  async function converseStream(
    modelId: string,
    body: Record<string, unknown>,
    response: ServerResponse,
  ): Promise<void> {
    const description = describeConverse(modelId, true, body);
    const tokens = tokenize(answerOf(description));
    let closed = false;
    openStreams += 1;
    response.on('close', () => {
      closed = true;
      openStreams -= 1;
    });
    const write = (frame: EventStreamFrame) => {
      if (!closed) response.write(encodeFrame(frame));
    };
    response.writeHead(200, { 'content-type': 'application/vnd.amazon.eventstream' });
    write({ event: 'messageStart', payload: { role: 'assistant' } });
    const started = Date.now();
    await sleep(options.firstTokenDelayMs);
    for (const [index, token] of tokens.entries()) {
      if (closed) return;
      if (options.failStreamAfterTokens !== undefined && index >= options.failStreamAfterTokens) {
        write({
          exception: 'modelStreamErrorException',
          payload: { message: 'stand-in: injected stream failure', originalStatusCode: 500 },
        });
        response.end();
        return;
      }
      if (index > 0) await sleep(tokenIntervalMs);
      write({
        event: 'contentBlockDelta',
        payload: { contentBlockIndex: 0, delta: { text: token } },
      });
    }
    const inputTokens = approximateTokens(description.system + description.userText);
    write({ event: 'contentBlockStop', payload: { contentBlockIndex: 0 } });
    write({ event: 'messageStop', payload: { stopReason: 'end_turn' } });
    write({
      event: 'metadata',
      payload: {
        usage: {
          inputTokens,
          outputTokens: tokens.length,
          totalTokens: inputTokens + tokens.length,
        },
        metrics: { latencyMs: Date.now() - started },
      },
    });
    response.end();
  }

  function retrieve(
    knowledgeBaseId: string,
    body: Record<string, unknown>,
    response: ServerResponse,
  ): void {
    const query = (body.retrievalQuery as { text?: string } | undefined)?.text ?? '';
    const vector = (
      body.retrievalConfiguration as
        | { vectorSearchConfiguration?: Record<string, unknown> }
        | undefined
    )?.vectorSearchConfiguration;
    const limit = typeof vector?.numberOfResults === 'number' ? vector.numberOfResults : 5;
    const equals = (vector?.filter as { equals?: { key?: string; value?: unknown } } | undefined)
      ?.equals;
    const candidates =
      equals && equals.key === 'language'
        ? passages.filter((passage) => passage.language === equals.value)
        : passages;
    const results = candidates
      .map((passage) => ({ passage, score: scorePassage(query, passage) }))
      .filter((entry) => entry.score > 0)
      .sort((left, right) => right.score - left.score)
      .slice(0, limit)
      .map(({ passage, score }) => {
        const sourceUri = `s3://parley-stand-in-${knowledgeBaseId.toLowerCase()}/${passage.language}/${passage.id.replace(/[^\w.-]+/g, '_')}.md`;
        return {
          content: { type: 'TEXT', text: passage.text },
          location: { type: 'S3', s3Location: { uri: sourceUri } },
          metadata: {
            language: passage.language,
            title: passage.title,
            ...(passage.url ? { url: passage.url } : {}),
            passageId: passage.id,
            'x-amz-bedrock-kb-source-uri': sourceUri,
            'x-amz-bedrock-kb-chunk-id': `chunk-${passage.id}`,
          },
          score,
        };
      });
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ retrievalResults: results }));
  }

  const server = createServer((request, response) => {
    void (async () => {
      const url = new URL(request.url ?? '/', 'http://stand-in');
      let body: Record<string, unknown>;
      try {
        body = await readBody(request);
      } catch {
        sendError(response, 400, 'SerializationException', 'body is not JSON');
        return;
      }
      requests.push({ method: request.method ?? 'GET', path: url.pathname, body });
      const model = /^\/model\/([^/]+)\/(converse|converse-stream)$/.exec(url.pathname);
      const knowledgeBase = /^\/knowledgebases\/([^/]+)\/retrieve$/.exec(url.pathname);
      if (request.method === 'POST' && model) {
        const modelId = decodeURIComponent(model[1] as string);
        if (model[2] === 'converse') await converse(modelId, body, response);
        else await converseStream(modelId, body, response);
      } else if (request.method === 'POST' && knowledgeBase) {
        retrieve(decodeURIComponent(knowledgeBase[1] as string), body, response);
      } else {
        sendError(
          response,
          404,
          'ResourceNotFoundException',
          `stand-in has no route ${request.method} ${url.pathname}`,
        );
      }
    })().catch((error: unknown) => {
      if (!response.headersSent) sendError(response, 500, 'InternalServerException', String(error));
      else response.destroy();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://${address.address}:${address.port}`,
    requests,
    activeStreams: () => openStreams,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** `npx tsx test/support/bedrock-stand-in.ts [port] [tokensPerSecond] [firstTokenDelayMs]` for manual runs. */
if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const [port = '4010', tokensPerSecond = '30', firstTokenDelayMs = '400'] = process.argv.slice(2);
  const standIn = await startBedrockStandIn({
    port: Number(port),
    tokensPerSecond: Number(tokensPerSecond),
    firstTokenDelayMs: Number(firstTokenDelayMs),
  });
  console.log(`Bedrock stand-in listening on ${standIn.url}`);
  const stop = () => void standIn.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
