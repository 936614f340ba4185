// Response trailers from JavaScript. The Fetch API of StarlingMonkey's
// `fetch` event has none, so this handler exports `incomingHandler` and
// speaks `wasi:http/types` itself (componentize-js then leaves the `fetch`
// event out). Every request gets the body "body, then trailers\n" and the
// trailer `x-trailer: done`, announced by a `trailer` header: HTTP/1.1
// sends a trailer only in a chunked body, and only to a client that asked
// with `te: trailers`.
import {
  Fields,
  OutgoingBody,
  OutgoingResponse,
  ResponseOutparam,
} from 'wasi:http/types@0.2.10';

const bytes = (text) => new TextEncoder().encode(text);

export const incomingHandler = {
  handle(request, outparam) {
    const headers = Fields.fromList([
      ['trailer', bytes('x-trailer')],
      ['x-path', bytes(request.pathWithQuery() ?? '')],
    ]);
    const response = new OutgoingResponse(headers);
    const body = response.body();
    ResponseOutparam.set(outparam, { tag: 'ok', val: response });
    const stream = body.write();
    stream.blockingWriteAndFlush(bytes('body, then trailers\n'));
    // The stream goes before the body is finished.
    stream[Symbol.dispose]();
    OutgoingBody.finish(body, Fields.fromList([['x-trailer', bytes('done')]]));
  },
};
