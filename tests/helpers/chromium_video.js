// node chromium_video.js SRC: what headless Chromium makes of a video, in real time (no virtual
// clock, which does not wait for the media pipeline). SRC is an http(s) URL or a local file path.
// Drives Chromium over --remote-debugging-pipe (DevTools protocol: NUL-terminated JSON on fds 3/4):
// loads SRC in a <video>, waits for its metadata, seeks to the middle, plays half a second.
// Prints one line: "duration=D w=W seeked=T played=P", or "error=...".
// node chromium_video.js --page URL: opens URL as a page (a share page) and probes the page's own
// first <video> the same way; a second line is JSON of what the page shows: its <title>, <h1>,
// the video's poster and src, and every <meta> with a property or name ({"og:title": ...}).
// --page URL --screenshot FILE: also a PNG of the page as it first shows (800x600, poster loaded),
// taken before the probe plays the video.
'use strict';
const { spawn } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const pageMode = process.argv[2] === '--page';
const src = process.argv[pageMode ? 3 : 2];
const screenshotFile = pageMode && process.argv[4] === '--screenshot' ? process.argv[5] : '';
if (!src) {
  console.log('error=usage: node chromium_video.js [--page] SRC');
  process.exit(2);
}
const isUrl = /^[a-z]+:\/\//.test(src);
// A local file plays from a file:// page in its own folder (file access from files allowed).
const pageUrl = pageMode ? src : isUrl ? 'about:blank' : 'file://' + path.dirname(path.resolve(src)) + '/';
const videoUrl = isUrl ? src : path.basename(src);

const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'clipnote-chromium-'));
const chromium = spawn('chromium', [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--mute-audio',
  '--autoplay-policy=no-user-gesture-required', '--allow-file-access-from-files',
  '--user-data-dir=' + profile, '--remote-debugging-pipe', 'about:blank',
], { stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'] });
const toBrowser = chromium.stdio[3], fromBrowser = chromium.stdio[4];

let nextId = 1, buffered = '';
const waiting = new Map();
function send(method, params = {}, sessionId) {
  const id = nextId++;
  const message = { id, method, params };
  if (sessionId) message.sessionId = sessionId;
  toBrowser.write(JSON.stringify(message) + '\0');
  return new Promise((resolve, reject) => waiting.set(id, { resolve, reject }));
}
fromBrowser.on('data', (chunk) => {
  buffered += chunk.toString('utf8');
  let end;
  while ((end = buffered.indexOf('\0')) >= 0) {
    const message = JSON.parse(buffered.slice(0, end));
    buffered = buffered.slice(end + 1);
    const w = waiting.get(message.id);
    if (!w) continue;
    waiting.delete(message.id);
    if (message.error) w.reject(new Error(message.error.message)); else w.resolve(message.result);
  }
});

// Runs in the page: resolves with the report line.
const probe = `new Promise((resolve) => {
  const own = ${pageMode ? "document.querySelector('video')" : 'null'};
  if (${pageMode} && !own) { resolve('error=the page has no video'); return; }
  const v = own || document.createElement('video');
  v.muted = true; v.preload = 'metadata';
  const fail = () => resolve('error=' + (v.error ? v.error.code + ' ' + v.error.message : 'unknown'));
  v.onerror = fail;
  v.onloadedmetadata = () => {
    const report = 'duration=' + v.duration + ' w=' + v.videoWidth;
    v.onseeked = () => {
      const seeked = v.currentTime;
      v.onseeked = null;
      v.play().then(() => setTimeout(() => resolve(report + ' seeked=' + seeked + ' played=' + v.currentTime), 500),
                    (e) => resolve(report + ' seeked=' + seeked + ' playerror=' + e));
    };
    v.currentTime = v.duration / 2;
  };
  if (own) { if (v.readyState >= 1) v.onloadedmetadata(); else v.load(); return; }
  v.src = ${JSON.stringify(videoUrl)};
  document.body.appendChild(v);
})`;

// Runs in the page (page mode): what it shows and tells unfurlers, as JSON.
const describe = `JSON.stringify((() => {
  const v = document.querySelector('video'), h1 = document.querySelector('h1');
  const meta = {};
  for (const m of document.querySelectorAll('meta')) {
    const key = m.getAttribute('property') || m.getAttribute('name');
    if (key) meta[key] = m.getAttribute('content');
  }
  return { title: document.title, h1: h1 ? h1.textContent : '', poster: v ? v.poster : '', src: v ? v.currentSrc || v.src : '', meta };
})())`;

async function main() {
  const { targetId } = await send('Target.createTarget', { url: pageUrl });
  const { sessionId } = await send('Target.attachToTarget', { targetId, flatten: true });
  // The page has loaded once evaluating in it finds a body.
  for (let i = 0; i < 100; ++i) {
    // (A new target shows about:blank first, complete, before the page's navigation commits.)
    const loaded = 'document.readyState === "complete" && !!document.body' + (pageMode ? ' && location.href !== "about:blank"' : '');
    const r = await send('Runtime.evaluate', { expression: loaded, returnByValue: true }, sessionId);
    if (r.result.value) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  if (screenshotFile) {
    // The poster is fetched by the page; once it is decoded here too, two frames later it is painted.
    const posterShown = `new Promise((resolve) => {
      const v = document.querySelector('video');
      const painted = () => requestAnimationFrame(() => requestAnimationFrame(() => resolve(true)));
      if (!v || !v.poster) { painted(); return; }
      const i = new Image();
      i.onload = i.onerror = painted;
      i.src = v.poster;
    })`;
    await send('Emulation.setDeviceMetricsOverride', { width: 800, height: 600, deviceScaleFactor: 1, mobile: false }, sessionId);
    await send('Runtime.evaluate', { expression: posterShown, awaitPromise: true, returnByValue: true }, sessionId);
    const shot = await send('Page.captureScreenshot', { format: 'png' }, sessionId);
    fs.writeFileSync(screenshotFile, Buffer.from(shot.data, 'base64'));
  }
  const r = await send('Runtime.evaluate', { expression: probe, awaitPromise: true, returnByValue: true }, sessionId);
  const line = r.exceptionDetails ? 'error=' + r.exceptionDetails.text : r.result.value;
  if (!pageMode) return line;
  const d = await send('Runtime.evaluate', { expression: describe, returnByValue: true }, sessionId);
  return line + '\n' + (d.exceptionDetails ? '{}' : d.result.value);
}

const deadline = setTimeout(() => finish('error=timeout'), 45000);
function finish(line) {
  clearTimeout(deadline);
  console.log(line);
  send('Browser.close').catch(() => {});
  setTimeout(() => chromium.kill('SIGKILL'), 2000).unref();
  chromium.on('exit', () => fs.rmSync(profile, { recursive: true, force: true }));
}
chromium.on('error', (e) => finish('error=cannot start chromium: ' + e.message));
main().then(finish, (e) => finish('error=' + e.message));
