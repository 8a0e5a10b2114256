import { describe, expect, it } from 'vitest';
import {
  createServerSentEventParser,
  type ServerSentEvent,
} from '../../../widget/src/sse-parser.js';

function parseChunks(chunks: string[]): ServerSentEvent[] {
  const events: ServerSentEvent[] = [];
  const parser = createServerSentEventParser((event) => events.push(event));
  for (const chunk of chunks) parser.push(chunk);
  return events;
}

describe('the widget event-stream parser', () => {
  it('reads events with names, ids and JSON data, ignoring comments', () => {
    const stream =
      ': keep-alive\n\nid: 7\nevent: message\ndata: {"text":"hi"}\n\nevent: delta\ndata: {"text":"a"}\n\n';
    expect(parseChunks([stream])).toEqual([
      { event: 'message', data: '{"text":"hi"}', id: '7' },
      { event: 'delta', data: '{"text":"a"}', id: undefined },
    ]);
  });

  it('gives the same events however the bytes are split, CRLF included', () => {
    const stream =
      'event: route\r\ndata: {"tier":"small"}\r\n\r\nid: 12\r\nevent: reply\r\ndata: line one\r\ndata: line two\r\n\r\n';
    const whole = parseChunks([stream]);
    expect(whole).toEqual([
      { event: 'route', data: '{"tier":"small"}', id: undefined },
      { event: 'reply', data: 'line one\nline two', id: '12' },
    ]);
    for (let cut = 1; cut < stream.length; cut++) {
      expect(parseChunks([stream.slice(0, cut), stream.slice(cut)])).toEqual(whole);
    }
    expect(parseChunks([...stream])).toEqual(whole);
  });

  it('waits for the blank line before dispatching, and skips events without data', () => {
    const events: ServerSentEvent[] = [];
    const parser = createServerSentEventParser((event) => events.push(event));
    parser.push('event: ready\n\nevent: delta\ndata: {"text":"x"}\n');
    expect(events).toEqual([]);
    parser.push('\n');
    expect(events).toEqual([{ event: 'delta', data: '{"text":"x"}', id: undefined }]);
  });

  it('names events without an event field "message" and keeps a value without the optional space', () => {
    expect(parseChunks(['data:raw\n\n'])).toEqual([
      { event: 'message', data: 'raw', id: undefined },
    ]);
  });
});
