// A local S3 for the upload tests: s3rver (which accepts any SigV4 signature) behind a gate that
// verifies every request with the `aws4` signing library, as AWS would: the Authorization header
// or a presigned query, the credential scope, the clock, expiry and the payload hash. Requests that
// pass go on to s3rver unsigned. s3rver has no ListParts or AbortMultipartUpload, so the gate
// answers those from the parts it saw s3rver accept (kept in a file, so a restart remembers them).
// From those sizes it also refuses, as S3 does, a CompleteMultipartUpload whose parts other than
// the last are under 5 MiB (EntityTooSmall): s3rver would assemble them, and a client that only
// ever met s3rver would then fail against the real thing.
//
// Usage: node s3_gate.js --dir DIR --bucket NAME [--bucket NAME…] [--public-read NAME…] [--port N]
// --public-read: anyone may GET/HEAD that bucket's objects unsigned (path style), as a bucket
// policy granting s3:GetObject to "*" allows; everything else still needs a signature.
// Environment: GATE_ACCESS_KEY, GATE_SECRET_KEY, GATE_REGION (default us-east-1).
// Prints "ready PORT" on stdout once it listens on 127.0.0.1.
//
// Test hooks (unsigned, loopback only):
//   POST /__gate/faults  [{"match": "regex on 'METHOD /path?query'", "status": 503,
//                          "retryAfter": "1", "times": 1} | {"match": …, "reset": true, "times": 1}
//                        | {"match": …, "throttle": 1024, "times": 1}   (read the body at ~N bytes/s)
//                       ]
//   GET  /__gate/log     the requests seen: [{"method", "path", "status", "reason"[, "part"]}] (part: UploadPart's number)
//   GET  /__gate/parts   the parts of unfinished multipart uploads: {uploadId: {partNumber: {etag, size}}}
//   POST /__gate/uplink  {"bytesPerSecond": N}   a sustained uplink: all request bodies together are read
//                        at N bytes/s at most (one shared bucket, so parallel parts share it, as they
//                        share a home connection); 0 = unlimited (the default). GET: the current setting.
//                        The client's own count of bytes sent runs ahead by what the kernel's socket
//                        buffers hold (a few MB on loopback); the time to an answer is the link's.
//   POST /__gate/down    {"seconds": S} | {"down": true} | {"down": false}   an outage: for S seconds (or
//                        until {"down": false}) every S3 request is dropped, its connection closed without
//                        an answer, and requests in flight when it starts are cut too, as when the network
//                        goes away. The hooks keep answering. GET: {"down": bool, "seconds": left|null}.
'use strict';

const http = require('http');
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const aws4 = require('aws4');
const S3rver = require('s3rver');

function parseArgs(argv) {
  const args = { buckets: [], publicRead: new Set(), port: 0 };
  for (let i = 2; i < argv.length; i++) {
    if (argv[i] === '--dir') args.dir = argv[++i];
    else if (argv[i] === '--bucket') args.buckets.push(argv[++i]);
    else if (argv[i] === '--public-read') args.publicRead.add(argv[++i]);
    else if (argv[i] === '--port') args.port = Number(argv[++i]);
  }
  if (!args.dir || args.buckets.length === 0) {
    console.error('usage: node s3_gate.js --dir DIR --bucket NAME [--port N]');
    process.exit(2);
  }
  return args;
}

const args = parseArgs(process.argv);
const credentials = {
  accessKeyId: process.env.GATE_ACCESS_KEY,
  secretAccessKey: process.env.GATE_SECRET_KEY,
};
const region = process.env.GATE_REGION || 'us-east-1';
if (!credentials.accessKeyId || !credentials.secretAccessKey) {
  console.error('s3_gate: GATE_ACCESS_KEY and GATE_SECRET_KEY must be set');
  process.exit(2);
}

let faults = [];
// S3's smallest part, except the last: CompleteMultipartUpload refuses smaller ones.
const MIN_PART_SIZE = 5 * 1024 * 1024;
// The uplink as one virtual link: `freeAt` is when it has sent every body byte read so far at
// `rate` (bytes/s; 0 = no limit). Each request waits until its chunk has "gone through", so the
// rate is shared by all requests at once, whatever their number.
const uplink = { rate: 0, freeAt: 0 };
// Idle time banks at most this much credit: the limit holds over any stretch, not only on average.
const UPLINK_BURST_MS = 50;
// The outage: S3 requests are dropped until this time (performance.now(); Infinity: until told).
let downUntil = 0;
const inFlight = new Set();  // S3 requests not yet answered, which an outage cuts
const requestLog = [];
const partsFile = path.join(args.dir, 'gate-parts.json');
let uploads = fs.existsSync(partsFile) ? JSON.parse(fs.readFileSync(partsFile, 'utf8')) : {};
function saveUploads() {
  fs.writeFileSync(partsFile + '.tmp', JSON.stringify(uploads));
  fs.renameSync(partsFile + '.tmp', partsFile);
}

function xmlError(res, status, code, message, extra = '') {
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code>` +
    `<Message>${message}</Message>${extra}</Error>`;
  res.writeHead(status, { 'Content-Type': 'application/xml', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
  return { status, reason: code };
}

function parseAmzDate(text) {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text || '');
  return m ? Date.UTC(+m[1], m[2] - 1, +m[3], +m[4], +m[5], +m[6]) : NaN;
}

// Checks the scope "AKID/DATE/REGION/s3/aws4_request"; returns an error [code, message] or null.
function checkCredential(credential, amzDate) {
  const [akid, date, reg, service, terminator] = (credential || '').split('/');
  if (akid !== credentials.accessKeyId) {
    return ['InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.'];
  }
  if (date !== (amzDate || '').slice(0, 8) || reg !== region || service !== 's3' || terminator !== 'aws4_request') {
    return ['AuthorizationHeaderMalformed', `The credential scope is wrong; expected region ${region}, service s3.`];
  }
  return null;
}

const SIGNATURE_MISMATCH = ['SignatureDoesNotMatch',
  'The request signature we calculated does not match the signature you provided. Check your key and signing method.'];

// Verifies the request; returns null when it is authentic, else [status, code, message].
function verify(req, body) {
  const url = new URL(req.url, 'http://gate');
  const q = url.searchParams;
  if (q.has('X-Amz-Signature')) {
    if (q.get('X-Amz-Algorithm') !== 'AWS4-HMAC-SHA256') return [400, 'AuthorizationQueryParametersError', 'bad X-Amz-Algorithm'];
    const amzDate = q.get('X-Amz-Date');
    const bad = checkCredential(q.get('X-Amz-Credential'), amzDate);
    if (bad) return [403, ...bad];
    const expires = Number(q.get('X-Amz-Expires'));
    if (!(expires > 0 && expires <= 604800)) return [400, 'AuthorizationQueryParametersError', 'X-Amz-Expires must be 1..604800'];
    if (Date.now() > parseAmzDate(amzDate) + expires * 1000) return [403, 'AccessDenied', 'Request has expired'];
    const signedNames = (q.get('X-Amz-SignedHeaders') || '').split(';');
    const headers = {};
    for (const name of signedNames) headers[name] = req.headers[name];
    const rawQuery = req.url.slice(req.url.indexOf('?') + 1).split('&')
      .filter(p => !p.startsWith('X-Amz-Signature=')).join('&');
    const signer = new aws4.RequestSigner({
      method: req.method, path: url.pathname + '?' + rawQuery, headers, service: 's3', region, signQuery: true,
    }, credentials);
    signer.prepareRequest();  // so the date comes from X-Amz-Date, not the clock
    if (signer.signature() !== q.get('X-Amz-Signature')) return [403, ...SIGNATURE_MISMATCH];
    return null;
  }

  const auth = req.headers.authorization;
  const bucket = decodeURIComponent(url.pathname.split('/')[1] || '');
  const objectRead = (req.method === 'GET' || req.method === 'HEAD') && url.pathname.split('/').length > 2 && !url.search;
  if (!auth && objectRead && args.publicRead.has(bucket)) return null;
  if (!auth) return [403, 'AccessDenied', 'Anonymous access is refused by this server'];
  const m = /^AWS4-HMAC-SHA256 Credential=([^,]+), ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/.exec(auth);
  if (!m) return [400, 'AuthorizationHeaderMalformed', 'The authorization header is malformed'];
  const amzDate = req.headers['x-amz-date'];
  const bad = checkCredential(m[1], amzDate);
  if (bad) return [403, ...bad];
  if (Math.abs(Date.now() - parseAmzDate(amzDate)) > 15 * 60 * 1000) {
    return [403, 'RequestTimeTooSkewed', 'The difference between the request time and the current time is too large.'];
  }
  const signedNames = m[2].split(';');
  for (const required of ['host', 'x-amz-date', 'x-amz-content-sha256']) {
    if (!signedNames.includes(required)) return [400, 'AuthorizationHeaderMalformed', `${required} must be signed`];
  }
  const headers = {};
  for (const name of signedNames) {
    if (req.headers[name] === undefined) return [400, 'AuthorizationHeaderMalformed', `signed header ${name} is missing`];
    headers[name] = req.headers[name];
  }
  const signer = new aws4.RequestSigner({ method: req.method, path: req.url, headers, service: 's3', region }, credentials);
  // Before signature(): otherwise aws4 takes the date for the string to sign from the clock, not
  // from the request's x-amz-date, and a request sent in the previous second fails.
  signer.prepareRequest();
  if (signer.signature() !== m[3]) {
    if (process.env.GATE_DEBUG) console.error('canonical request:\n' + signer.canonicalString());
    return [403, ...SIGNATURE_MISMATCH];
  }
  const claimed = req.headers['x-amz-content-sha256'];
  if (claimed !== 'UNSIGNED-PAYLOAD' && claimed !== crypto.createHash('sha256').update(body).digest('hex')) {
    return [400, 'XAmzContentSHA256Mismatch', "The provided 'x-amz-content-sha256' header does not match what was computed."];
  }
  return null;
}

// "bucket.localhost:port" (virtual-hosted style) -> "/bucket/key"; path style is kept.
function pathStyle(req) {
  const host = (req.headers.host || '').replace(/:\d+$/, '');
  const url = new URL(req.url, 'http://gate');
  if (host.endsWith('.localhost')) url.pathname = '/' + host.slice(0, -'.localhost'.length) + url.pathname;
  for (const name of [...url.searchParams.keys()]) {
    if (name.startsWith('X-Amz-')) url.searchParams.delete(name);
  }
  const query = url.searchParams.toString().replace(/=(&|$)/g, '$1');  // "uploads=" -> "uploads"
  return { pathname: url.pathname, query, search: query ? '?' + query : '' };
}

// CompleteMultipartUpload as S3 judges the sizes: each part the request lists, but the last, must
// be at least 5 MiB, by the size the gate saw s3rver store for it. Answers and returns the log
// entry when it refuses, else null. Parts the gate never saw are left to s3rver.
function checkCompleteSizes(req, res, target, body) {
  const q = new URLSearchParams(target.query);
  if (req.method !== 'POST' || !q.has('uploadId')) return null;
  const stored = uploads[q.get('uploadId')];
  if (!stored) return null;
  const listed = [...body.toString().matchAll(/<Part(?:\s[^>]*)?>([\s\S]*?)<\/Part>/g)].map(m => ({
    number: (/<PartNumber>\s*(\d+)\s*<\/PartNumber>/.exec(m[1]) || [])[1],
    etag: (/<ETag>([\s\S]*?)<\/ETag>/.exec(m[1]) || [])[1] || '',
  }));
  for (const part of listed.slice(0, -1)) {
    const seen = stored[part.number];
    if (seen && seen.size < MIN_PART_SIZE) {
      // S3's own words and fields, so a client's error reading meets what it will meet there.
      return xmlError(res, 400, 'EntityTooSmall', 'Your proposed upload is smaller than the minimum allowed object size.',
        `<ProposedSize>${seen.size}</ProposedSize><MinSizeAllowed>${MIN_PART_SIZE}</MinSizeAllowed>` +
        `<PartNumber>${part.number}</PartNumber><ETag>${part.etag}</ETag>`);
    }
  }
  return null;
}

// How long to stop reading a request after `bytes` more of its body arrived, for the uplink.
function uplinkDelay(bytes) {
  if (!uplink.rate) return 0;
  const now = performance.now();
  uplink.freeAt = Math.max(uplink.freeAt, now - UPLINK_BURST_MS) + (bytes * 1000) / uplink.rate;
  return Math.max(0, uplink.freeAt - now);
}

function isDown() {
  return performance.now() < downUntil;
}

// Drops a request as a lost network does: no answer, the connection just goes.
function drop(req, reason) {
  requestLog.push({ method: req.method, path: req.url.split('?')[0], status: 0, reason });
  inFlight.delete(req);
  req.socket.destroy();
}

function takeFault(line) {
  for (const f of faults) {
    if (f.times > 0 && new RegExp(f.match).test(line)) {
      f.times--;
      return f;
    }
  }
  return null;
}

function forward(req, res, body, target, s3Port, done) {
  const headers = { ...req.headers };
  delete headers.authorization;
  delete headers.expect;
  headers.host = `127.0.0.1:${s3Port}`;
  headers['content-length'] = String(body.length);
  const upstream = http.request({
    host: '127.0.0.1', port: s3Port, method: req.method, path: target.pathname + target.search, headers,
  }, up => {
    const chunks = [];
    up.on('data', c => chunks.push(c));
    up.on('end', () => {
      const out = Buffer.concat(chunks);
      // Cut by an outage meanwhile: s3rver acted, but the client never hears of it.
      if (req.socket.destroyed) return done(up.statusCode, out, up.headers);
      const outHeaders = { ...up.headers };
      if (req.method !== 'HEAD') outHeaders['content-length'] = String(out.length);
      delete outHeaders['transfer-encoding'];
      res.writeHead(up.statusCode, outHeaders);
      res.end(req.method === 'HEAD' ? undefined : out);
      done(up.statusCode, out, up.headers);
    });
  });
  upstream.on('error', err => done(502, null, null, xmlError(res, 502, 'BadGateway', String(err))));
  upstream.end(body);
}

// ListParts and AbortMultipartUpload, which s3rver lacks, from the parts the gate saw stored.
function handleMultipartExtras(req, res, target) {
  const q = new URLSearchParams(target.query);
  const uploadId = q.get('uploadId');
  if (!uploadId || q.has('partNumber')) return null;
  if (req.method === 'GET') {
    const parts = uploads[uploadId];
    if (!parts) return xmlError(res, 404, 'NoSuchUpload', 'The specified upload does not exist.');
    const xml = '<?xml version="1.0" encoding="UTF-8"?>\n<ListPartsResult><UploadId>' + uploadId + '</UploadId>' +
      Object.keys(parts).map(Number).sort((a, b) => a - b).map(n =>
        `<Part><PartNumber>${n}</PartNumber><ETag>${parts[n].etag.replace(/"/g, '&quot;')}</ETag>` +
        `<Size>${parts[n].size}</Size></Part>`).join('') +
      '<IsTruncated>false</IsTruncated></ListPartsResult>';
    res.writeHead(200, { 'Content-Type': 'application/xml', 'Content-Length': Buffer.byteLength(xml) });
    res.end(xml);
    return { status: 200, reason: 'ListParts' };
  }
  if (req.method === 'DELETE') {
    delete uploads[uploadId];
    saveUploads();
    res.writeHead(204);
    res.end();
    return { status: 204, reason: 'AbortMultipartUpload' };
  }
  return null;
}

// A hook's JSON body, or null after answering 400 (a typo in a test must not kill the gate).
function jsonBody(res, body) {
  try {
    const value = JSON.parse(body.toString() || '{}');
    if (value && typeof value === 'object') return value;
  } catch (err) {
    // answered below
  }
  res.writeHead(400, { 'Content-Type': 'text/plain' });
  res.end('expected a JSON object\n');
  return null;
}

function sendJson(res, value) {
  const out = JSON.stringify(value);
  res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(out) });
  res.end(out);
}

function handleControl(req, res, body) {
  if (req.url === '/__gate/uplink') {
    if (req.method === 'GET') {
      sendJson(res, { bytesPerSecond: uplink.rate });
      return true;
    }
    const value = jsonBody(res, body);
    if (!value) return true;
    const rate = Number(value.bytesPerSecond);
    if (!(rate >= 0 && Number.isFinite(rate))) {
      res.writeHead(400, { 'Content-Type': 'text/plain' });
      res.end('bytesPerSecond must be a number >= 0\n');
      return true;
    }
    uplink.rate = rate;
    uplink.freeAt = 0;  // a new link starts idle, whatever the old one owed
    res.writeHead(204);
    res.end();
    return true;
  }
  if (req.url === '/__gate/down') {
    if (req.method === 'GET') {
      const left = downUntil - performance.now();
      sendJson(res, { down: left > 0, seconds: left > 0 && Number.isFinite(left) ? left / 1000 : null });
      return true;
    }
    const value = jsonBody(res, body);
    if (!value) return true;
    if (value.seconds !== undefined) {
      const seconds = Number(value.seconds);
      if (!(seconds >= 0 && Number.isFinite(seconds))) {
        res.writeHead(400, { 'Content-Type': 'text/plain' });
        res.end('seconds must be a number >= 0\n');
        return true;
      }
      downUntil = performance.now() + seconds * 1000;
    } else {
      downUntil = value.down ? Infinity : 0;
    }
    // The network goes for requests already under way as well, e.g. a part halfway up.
    if (isDown()) for (const r of [...inFlight]) drop(r, 'cut by outage');
    res.writeHead(204);
    res.end();
    return true;
  }
  if (req.url === '/__gate/faults' && req.method === 'POST') {
    faults = JSON.parse(body.toString() || '[]').map(f => ({ times: 1, ...f }));
    res.writeHead(204);
    res.end();
    return true;
  }
  if (req.url === '/__gate/parts' && req.method === 'GET') {
    const out = JSON.stringify(uploads);
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(out);
    return true;
  }
  if (req.url === '/__gate/log' && req.method === 'GET') {
    const out = JSON.stringify(requestLog);
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(out);
    return true;
  }
  return false;
}

async function main() {
  fs.mkdirSync(args.dir, { recursive: true });
  const s3 = new S3rver({
    address: '127.0.0.1', port: 0, silent: true, directory: path.join(args.dir, 's3rver'),
    configureBuckets: args.buckets.map(name => ({ name })), vhostBuckets: false,
  });
  const { port: s3Port } = await s3.run();

  const server = http.createServer((req, res) => {
    const line = `${req.method} ${req.url}`;
    const hook = req.url.startsWith('/__gate/');
    if (!hook && isDown()) return drop(req, 'outage');
    if (!hook) {
      inFlight.add(req);
      res.on('close', () => inFlight.delete(req));
    }
    const fault = hook ? null : takeFault(line);
    const chunks = [];
    let received = 0;
    const expected = Number(req.headers['content-length'] || 0);
    req.on('data', c => {
      chunks.push(c);
      received += c.length;
      // A slow link: after each chunk, stop reading for as long as the chunk takes at that rate
      // (TCP backpressure then slows the sender down to it). The fault slows one request, the
      // uplink all of them together; the longer wait wins.
      const wait = Math.max(fault && fault.throttle ? (c.length * 1000) / fault.throttle : 0,
        hook ? 0 : uplinkDelay(c.length));
      if (wait > 0) {
        req.pause();
        setTimeout(() => req.resume(), wait);
      }
      // A connection cut halfway through the body, as a flaky network does.
      if (fault && fault.reset && received >= expected / 2) {
        requestLog.push({ method: req.method, path: req.url.split('?')[0], status: 0, reason: 'reset by fault' });
        req.socket.destroy();
      }
    });
    req.on('end', () => {
      if (fault && fault.reset) return;
      const body = Buffer.concat(chunks);
      if (handleControl(req, res, body)) return;
      // UploadPart entries say which part, so a test can tell a part sent once from one sent again.
      const partNumber = Number(new URLSearchParams(req.url.split('?')[1] || '').get('partNumber')) || undefined;
      const log = result => requestLog.push({ method: req.method, path: req.url.split('?')[0], part: partNumber, ...result });
      if (fault && fault.status) {
        const headers = fault.retryAfter ? { 'Retry-After': fault.retryAfter } : {};
        const xml = `<Error><Code>InjectedFault</Code><Message>fault ${fault.status}</Message></Error>`;
        res.writeHead(fault.status, { ...headers, 'Content-Type': 'application/xml', 'Content-Length': xml.length });
        res.end(xml);
        return log({ status: fault.status, reason: 'fault' });
      }
      const problem = verify(req, body);
      if (problem) return log(xmlError(res, ...problem));
      const target = pathStyle(req);
      const extra = handleMultipartExtras(req, res, target);
      if (extra) return log(extra);
      const tooSmall = checkCompleteSizes(req, res, target, body);
      if (tooSmall) return log(tooSmall);
      forward(req, res, body, target, s3Port, (status, out, headers, error) => {
        if (error) return log(error);
        const q = new URLSearchParams(target.query);
        if (req.method === 'PUT' && q.has('uploadId') && q.has('partNumber') && status === 200) {
          const id = q.get('uploadId');
          uploads[id] = uploads[id] || {};
          uploads[id][q.get('partNumber')] = { etag: headers.etag, size: body.length };
          saveUploads();
        }
        if (req.method === 'POST' && q.has('uploadId') && status === 200) {
          delete uploads[q.get('uploadId')];
          saveUploads();
        }
        log({ status, reason: 'forwarded' });
      });
    });
  });
  server.listen(args.port, '127.0.0.1', () => {
    process.stdout.write(`ready ${server.address().port}\n`);
  });
  const stop = () => server.close(() => s3.close().then(() => process.exit(0)));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch(err => {
  console.error('s3_gate:', err);
  process.exit(1);
});
