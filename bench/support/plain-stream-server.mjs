// The floor for bench:streams: Node's own http server holding event streams and nothing else.
import { createServer } from 'node:http';

const server = createServer((request, response) => {
  request.socket.setTimeout(0);
  response.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8' });
  response.flushHeaders();
  response.write('event: ready\ndata: {}\n\n');
});
server.keepAliveTimeout = 0;
server.requestTimeout = 0;
server.headersTimeout = 0;
server.listen(0, '127.0.0.1', () => process.stdout.write(`${server.address().port}\n`));
