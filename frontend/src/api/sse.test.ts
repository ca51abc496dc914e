import { describe, expect, it } from 'vitest';
import { createApi } from './client';
import { readEventStream, SseParser, type ServerSentEvent } from './sse';

function parse(chunks: string[]): ServerSentEvent[] {
  const events: ServerSentEvent[] = [];
  const parser = new SseParser((event) => events.push(event));
  chunks.forEach((chunk) => parser.push(chunk));
  parser.end();
  return events;
}

function streamOf(chunks: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      chunks.forEach((chunk) => controller.enqueue(encoder.encode(chunk)));
      controller.close();
    },
  });
}

describe('SseParser', () => {
  it('reads named events the way Spring writes them (no space after the colon)', () => {
    expect(parse(['event:order\ndata:{"status":"PENDING"}\n\n'])).toEqual([
      { event: 'order', data: '{"status":"PENDING"}', id: undefined },
    ]);
  });

  it('puts together events that arrive in pieces, even mid-line and mid-CRLF', () => {
    const events = parse(['event: ord', 'er\r', '\ndata: {"a"', ':1}\r\n', '\r\nevent: order\r\ndata: 2\r\n\r\n']);
    expect(events.map((e) => [e.event, e.data])).toEqual([
      ['order', '{"a":1}'],
      ['order', '2'],
    ]);
  });

  it('joins multi-line data, skips comments, and names unnamed events "message"', () => {
    const events = parse([': keep-alive\n\ndata: one\ndata: two\nid: 7\nretry: 1000\n\n']);
    expect(events).toEqual([{ event: 'message', data: 'one\ntwo', id: '7' }]);
  });

  it('does not dispatch an event without data, nor one cut off by the end of the stream', () => {
    expect(parse(['event: order\n\n', 'event: order\ndata: half'])).toEqual([]);
  });

  it('accepts lone CR line endings', () => {
    expect(parse(['event: order\rdata: x\r\r']).map((e) => e.data)).toEqual(['x']);
  });
});

describe('readEventStream', () => {
  it('decodes bytes split inside a multi-byte character', async () => {
    const bytes = new TextEncoder().encode('event: order\ndata: Café\n\n');
    const split = bytes.indexOf(0xc3) + 1;
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(bytes.slice(0, split));
        controller.enqueue(bytes.slice(split));
        controller.close();
      },
    });
    const events: ServerSentEvent[] = [];
    await readEventStream(stream, (event) => events.push(event));
    expect(events.map((e) => e.data)).toEqual(['Café']);
  });
});

describe('following an order', () => {
  it('sends the bearer token and hands over each order event', async () => {
    const calls: { url: string; init: RequestInit }[] = [];
    const api = createApi({
      getToken: () => 'token-1',
      fetch: async (input, init = {}) => {
        calls.push({ url: String(input), init });
        return new Response(
          streamOf([
            'event:order\ndata:{"orderId":"o-1","status":"PENDING","timeline":[]}\n\n',
            ':ping\n\nevent:other\ndata:ignored\n\n',
            'event:order\ndata:{"orderId":"o-1","status":"COMPLETED","timeline":[]}\n\n',
          ]),
          { status: 200, headers: { 'Content-Type': 'text/event-stream' } },
        );
      },
    });
    const statuses: string[] = [];
    await api.followOrder('o-1', (order) => statuses.push(order.status), new AbortController().signal);
    expect(statuses).toEqual(['PENDING', 'COMPLETED']);
    expect(calls[0].url).toBe('/api/orders/o-1/updates');
    const headers = calls[0].init.headers as Record<string, string>;
    expect(headers.Authorization).toBe('Bearer token-1');
    expect(headers.Accept).toBe('text/event-stream');
  });
});
