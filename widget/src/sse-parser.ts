export interface ServerSentEvent {
  event: string;
  data: string;
  id: string | undefined;
}

const LINE_BREAK = /\r\n|\r|\n/g;

export interface ServerSentEventParser {
  /** Feeds decoded text; complete events are passed to the callback as soon as they end. */
  push(text: string): void;
}

/**
 * The text/event-stream format (WHATWG HTML §9.2), incrementally: chunks may split a line or
 * a CRLF pair anywhere. EventSource cannot send an Authorization header, so the widget reads
 * the stream with fetch and needs its own parser.
 */
export function createServerSentEventParser(
  onEvent: (event: ServerSentEvent) => void,
): ServerSentEventParser {
  let buffer = '';
  let eventName = '';
  let dataLines: string[] = [];
  let id: string | undefined;
  let hasData = false;

  const dispatch = () => {
    if (hasData) onEvent({ event: eventName || 'message', data: dataLines.join('\n'), id });
    eventName = '';
    dataLines = [];
    hasData = false;
    id = undefined;
  };

  const processLine = (line: string) => {
    if (line === '') return dispatch();
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') eventName = value;
    else if (field === 'data') {
      dataLines.push(value);
      hasData = true;
    } else if (field === 'id' && !value.includes('\0')) id = value;
  };

  return {
    push(text) {
      buffer += text;
      let start = 0;
      for (;;) {
        const match = LINE_BREAK;
        match.lastIndex = start;
        const found = match.exec(buffer);
        // A lone "\r" at the very end may be the first half of a CRLF: wait for the next chunk.
        if (!found || (found[0] === '\r' && found.index === buffer.length - 1)) break;
        processLine(buffer.slice(start, found.index));
        start = found.index + found[0].length;
      }
      buffer = buffer.slice(start);
    },
  };
}
