// A wasi:http/proxy handler for `hoist serve`, built with componentize-js.
// StarlingMonkey turns each call of `wasi:http/incoming-handler.handle` into
// a `fetch` event; `fetch()` goes out through `wasi:http/outgoing-handler`.

addEventListener('fetch', (event) => event.respondWith(handle(event.request)));

async function handle(request) {
  const url = new URL(request.url);
  switch (url.pathname) {
    case '/fetch':
      return fetchUrl(url.searchParams.get('url'));
    case '/trap':
      throw new Error('/trap: failing on purpose');
    default:
      return echo(request, url);
  }
}

// Answers with the method, the path and the `x-echo` request headers as
// response headers, and the request body streamed back as the response body.
function echo(request, url) {
  const headers = new Headers({
    'x-method': request.method,
    'x-path': url.pathname + url.search,
  });
  const echoed = request.headers.get('x-echo');
  if (echoed !== null) headers.set('x-echo', echoed);
  const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
  return new Response(hasBody ? request.body : null, { headers });
}

// Fetches `target` and answers with its status and body.
async function fetchUrl(target) {
  if (!target) return new Response('missing ?url=\n', { status: 400 });
  const upstream = await fetch(target);
  const body = await upstream.text();
  return new Response(body, {
    headers: { 'x-upstream-status': String(upstream.status) },
  });
}
