import { connect, type Socket } from 'node:net';

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Opens a plain TCP connection to a listening app, for requests no HTTP client would send. */
export async function openSocket(address: string): Promise<Socket> {
  const url = new URL(address);
  const socket = connect({ host: url.hostname, port: Number(url.port) });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  return socket;
}

/** Everything the server sends until it closes the connection (or `timeoutMs` passes: then rejects). */
export function readUntilClosed(socket: Socket, timeoutMs = 10_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let received = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`the server kept the connection open for ${timeoutMs} ms: ${received}`));
    }, timeoutMs);
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      received += chunk;
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(received);
    });
  });
}

/** Splits raw HTTP/1.1 bytes into responses (Content-Length framed, or the rest of the stream). */
export function parseRawResponses(raw: string): RawResponse[] {
  const responses: RawResponse[] = [];
  let rest = raw;
  while (rest.startsWith('HTTP/1.1 ')) {
    const headerEnd = rest.indexOf('\r\n\r\n');
    if (headerEnd < 0) break;
    const [statusLine = '', ...headerLines] = rest.slice(0, headerEnd).split('\r\n');
    const headers: Record<string, string> = {};
    for (const line of headerLines) {
      const colon = line.indexOf(':');
      headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    const afterHeaders = rest.slice(headerEnd + 4);
    const length = headers['content-length'];
    const bodyLength = length === undefined ? afterHeaders.length : Number(length);
    responses.push({
      status: Number(statusLine.split(' ')[1]),
      headers,
      body: afterHeaders.slice(0, bodyLength),
    });
    rest = afterHeaders.slice(bodyLength);
  }
  return responses;
}
