import { EventStreamCodec } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';

/** One `application/vnd.amazon.eventstream` message as Bedrock sends it in ConverseStream. */
export type EventStreamFrame =
  | { event: string; payload: unknown }
  | { exception: string; payload: unknown };

const codec = new EventStreamCodec(toUtf8, fromUtf8);

export function encodeFrame(frame: EventStreamFrame): Buffer {
  const text = (value: string) => ({ type: 'string' as const, value });
  const headers: Record<string, ReturnType<typeof text>> = 'event' in frame
    ? {
        ':event-type': text(frame.event),
        ':message-type': text('event'),
        ':content-type': text('application/json'),
      }
    : {
        ':exception-type': text(frame.exception),
        ':message-type': text('exception'),
        ':content-type': text('application/json'),
      };
  return Buffer.from(codec.encode({ headers, body: fromUtf8(JSON.stringify(frame.payload)) }));
}

export function encodeFrames(frames: readonly EventStreamFrame[]): Buffer {
  return Buffer.concat(frames.map(encodeFrame));
}

export interface DecodedFrame {
  headers: Record<string, string>;
  payload: unknown;
}

/** Splits a complete body back into frames (used to check what the stand-in sends). */
export function decodeFrames(body: Uint8Array): DecodedFrame[] {
  const frames: DecodedFrame[] = [];
  let offset = 0;
  while (offset < body.length) {
    const length = Buffer.from(body.buffer, body.byteOffset + offset, 4).readUInt32BE(0);
    const message = codec.decode(body.subarray(offset, offset + length));
    const headers: Record<string, string> = {};
    for (const [name, header] of Object.entries(message.headers))
      headers[name] = String(header.value);
    frames.push({ headers, payload: JSON.parse(toUtf8(message.body)) });
    offset += length;
  }
  return frames;
}

export interface ConverseStreamScript {
  /** Text deltas, in order. */
  chunks: readonly string[];
  stopReason?: string;
  usage?: {
    inputTokens: number;
    outputTokens: number;
    cacheReadInputTokens?: number;
    cacheWriteInputTokens?: number;
  };
  latencyMs?: number;
}

/** The frames of a successful ConverseStream: messageStart, deltas, stops, metadata. */
export function converseStreamFrames(script: ConverseStreamScript): EventStreamFrame[] {
  const usage = script.usage ?? { inputTokens: 10, outputTokens: script.chunks.length };
  return [
    { event: 'messageStart', payload: { role: 'assistant' } },
    ...script.chunks.map((text) => ({
      event: 'contentBlockDelta',
      payload: { contentBlockIndex: 0, delta: { text } },
    })),
    { event: 'contentBlockStop', payload: { contentBlockIndex: 0 } },
    { event: 'messageStop', payload: { stopReason: script.stopReason ?? 'end_turn' } },
    {
      event: 'metadata',
      payload: {
        usage: { ...usage, totalTokens: usage.inputTokens + usage.outputTokens },
        metrics: { latencyMs: script.latencyMs ?? 42 },
      },
    },
  ];
}

/**
 * The frames of a ConverseStream that breaks mid-answer: messageStart, some deltas, then an
 * exception frame (errors inside a stream are never retried by the SDK).
 */
export function brokenStreamFrames(
  chunks: readonly string[],
  exception = 'modelStreamErrorException',
): EventStreamFrame[] {
  return [
    { event: 'messageStart', payload: { role: 'assistant' } },
    ...chunks.map((text) => ({
      event: 'contentBlockDelta',
      payload: { contentBlockIndex: 0, delta: { text } },
    })),
    { exception, payload: { message: 'The model stopped unexpectedly', originalStatusCode: 500 } },
  ];
}
