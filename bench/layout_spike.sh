#!/usr/bin/env bash
# Research spike for "instant link": which MP4 layout can be uploaded to S3 while recording and
# still play in Chromium with its true duration and working seeks? See docs/INSTANT_LINK_LAYOUT.md.
#
# Builds ~20 s 1280x720@30 H.264 + AAC samples with the ffmpeg CLI in each candidate layout, then
# for each: ffprobe durations, `ffmpeg -v error -f null` decode, top-level boxes, and headless
# Chromium loading it over HTTP (a small Range-capable server, throttled, with a per-request delay
# standing in for a network round trip): duration at loadedmetadata, range requests and bytes
# before metadata / playback, a seek to 15 s (currentTime, a non-black frame, playback resumes),
# and the duration once playback has ended.
#
#   bench/layout_spike.sh            the 20 s samples
#   LONG=1 bench/layout_spike.sh     also a 5-minute sample (A, A without trailer, B 5 MiB, C, D)
#   KEEP=1 ...                       keep the work folder (samples, logs)
#   RATE=2097152 DELAY_MS=40 PORT=8765 tune the server (bytes/s, ms per request, port)
# Needs ffmpeg/ffprobe, python3 and chromium. Self-contained: everything goes to a temp folder.
set -euo pipefail
RATE=${RATE:-2097152}
DELAY_MS=${DELAY_MS:-40}
PORT=${PORT:-8765}
work=$(mktemp -d /tmp/layout-spike-XXXXXX)
srv_pid=""
cleanup() {
  [ -n "$srv_pid" ] && kill "$srv_pid" 2>/dev/null || true
  if [ -n "${KEEP:-}" ]; then echo "kept $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT
cd "$work"

# ---- helpers (written into the work folder) ----
cat > mp4tool.py <<'PY'
#!/usr/bin/env python3
"""Tiny ISO-BMFF helper for the layout spike.

  boxes FILE                 top-level boxes (type@offset+size), plus mvhd/mehd durations
  split IN OUT PART_BYTES    rewrite a moov-at-end MP4 (one mdat) into several consecutive mdat
                             boxes (a new one every >= PART_BYTES, cut at chunk boundaries),
                             fixing every stco/co64 entry; samples and moov layout are untouched
  prefix A B                 length of the common prefix of two files, and both sizes
"""
import bisect
import struct
import sys

CONTAINERS = {b"moov", b"trak", b"mdia", b"minf", b"stbl", b"mvex", b"edts", b"dinf", b"mfra"}


def iter_boxes(data, start, end):
    pos = start
    while pos + 8 <= end:
        size, typ = struct.unpack(">I4s", data[pos:pos + 8])
        hdr = 8
        if size == 1:
            size = struct.unpack(">Q", data[pos + 8:pos + 16])[0]
            hdr = 16
        elif size == 0:
            size = end - pos
        if size < hdr:
            raise SystemExit(f"bad box at {pos}")
        yield typ, pos, hdr, size
        pos += size


def find_all(data, start, end, want, out):
    for typ, pos, hdr, size in iter_boxes(data, start, end):
        if typ in want:
            out.append((typ, pos, hdr, size))
        if typ in CONTAINERS:
            find_all(data, pos + hdr, pos + size, want, out)
    return out


def full_box_duration(data, pos, hdr, typ):
    ver = data[pos + hdr]
    body = pos + hdr + 4
    if typ == b"mvhd":
        if ver == 1:
            ts, dur = struct.unpack(">IQ", data[body + 16:body + 28])
        else:
            ts, dur = struct.unpack(">II", data[body + 8:body + 16])
        return f"timescale={ts} duration={dur}"
    if typ == b"mehd":
        dur = struct.unpack(">Q" if ver == 1 else ">I", data[body:body + (8 if ver == 1 else 4)])[0]
        return f"fragment_duration={dur}"
    return ""


def cmd_boxes(path):
    data = open(path, "rb").read()
    top = list(iter_boxes(data, 0, len(data)))
    counts = {}
    parts = []
    for typ, pos, hdr, size in top:
        t = typ.decode("latin1")
        counts[t] = counts.get(t, 0) + 1
        if counts[t] <= 3 or t in ("moov", "mfra", "sidx"):
            parts.append(f"{t}@{pos}+{size}")
        elif counts[t] == 4:
            parts.append(f"{t}...")
    summary = " ".join(parts)
    summary += " | counts " + ",".join(f"{k}={v}" for k, v in counts.items())
    extra = []
    for typ, pos, hdr, size in find_all(data, 0, len(data), {b"mvhd", b"mehd", b"sidx"}, []):
        extra.append(f"{typ.decode()}({full_box_duration(data, pos, hdr, typ)})")
    print(summary + " | " + " ".join(extra))


def cmd_split(src, dst, part_bytes):
    data = bytearray(open(src, "rb").read())
    top = list(iter_boxes(data, 0, len(data)))
    mdats = [b for b in top if b[0] == b"mdat"]
    moovs = [b for b in top if b[0] == b"moov"]
    if len(mdats) != 1 or not moovs or moovs[0][1] < mdats[0][1]:
        raise SystemExit("split wants one mdat followed by moov")
    _, mpos, mhdr, msize = mdats[0]
    payload_start, payload_end = mpos + mhdr, mpos + msize
    tables = find_all(data, moovs[0][1], moovs[0][1] + moovs[0][3], {b"stco", b"co64"}, [])
    entries = []  # (file offset of the entry, chunk offset, width)
    for typ, pos, hdr, size in tables:
        n = struct.unpack(">I", data[pos + hdr + 4:pos + hdr + 8])[0]
        w = 4 if typ == b"stco" else 8
        for i in range(n):
            at = pos + hdr + 8 + i * w
            off = struct.unpack(">I" if w == 4 else ">Q", data[at:at + w])[0]
            entries.append((at, off, w))
    chunk_starts = sorted({off for _, off, _ in entries})
    cuts = []  # payload offsets where a new mdat begins (besides the first)
    last = payload_start
    for off in chunk_starts:
        if off - last >= part_bytes and off > payload_start:
            cuts.append(off)
            last = off
    bounds = [payload_start] + cuts + [payload_end]
    out = bytearray(data[:mpos])
    for a, b in zip(bounds, bounds[1:]):
        out += struct.pack(">I4s", 8 + b - a, b"mdat")
        out += data[a:b]
    shift_moov = len(out) - payload_end  # moov moves by the added headers (and a changed first header)
    moov = bytearray(data[payload_end:])
    for at, off, w in entries:
        k = bisect.bisect_right(cuts, off)  # mdat headers inserted at or before this chunk
        new = off - payload_start + (mpos + 8) + 8 * k
        rel = at - payload_end
        moov[rel:rel + w] = struct.pack(">I" if w == 4 else ">Q", new)
    out += moov
    open(dst, "wb").write(out)
    print(f"{dst}: {len(bounds) - 1} mdat boxes, moov moved by {shift_moov} bytes")


def cmd_prefix(a, b):
    x, y = open(a, "rb").read(), open(b, "rb").read()
    n = 0
    m = min(len(x), len(y))
    while n < m and x[n] == y[n]:
        n += 1
    print(f"common_prefix={n} size_a={len(x)} size_b={len(y)}")


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "boxes":
        cmd_boxes(sys.argv[2])
    elif cmd == "split":
        cmd_split(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    elif cmd == "prefix":
        cmd_prefix(sys.argv[2], sys.argv[3])
    else:
        raise SystemExit(__doc__)
PY
cat > rangeserver.py <<'PY'
#!/usr/bin/env python3
"""HTTP/1.1 file server with single-range support, an optional bandwidth cap, and a JSON-lines log.

  rangeserver.py ROOT PORT LOG [BYTES_PER_SEC [DELAY_MS]]

DELAY_MS stands in for a network round trip: every media response waits that long before its
first byte, so a player that needs many sequential range requests pays for each of them.

Every media response is logged when it ends: {"t","path","range","status","sent"} where `sent` is
what was actually written before the client closed. GET /ev?... (the test page's events) is
logged as {"t","ev": query, "media_bytes_so_far", "media_requests_so_far"}.
"""
import json
import os
import re
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ROOT, PORT, LOG = sys.argv[1], int(sys.argv[2]), sys.argv[3]
RATE = int(sys.argv[4]) if len(sys.argv) > 4 else 0
DELAY = float(sys.argv[5]) / 1000 if len(sys.argv) > 5 else 0.0  # added before each media response
lock = threading.Lock()
state = {"bytes": 0, "requests": 0}
t0 = time.time()


def log(rec):
    rec["t"] = round(time.time() - t0, 3)
    with lock, open(LOG, "a") as f:
        f.write(json.dumps(rec) + "\n")


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *a):
        pass

    def do_GET(self):
        url = urllib.parse.urlparse(self.path)
        if url.path == "/ev":
            with lock:
                snap = dict(state)
            ev = urllib.parse.unquote(url.query)
            log({"ev": ev, "media_bytes_so_far": snap["bytes"], "media_requests_so_far": snap["requests"]})
            if '"ev":"done"' in ev:
                open(LOG + ".done", "w").close()
            self.send_response(204)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        path = os.path.join(ROOT, os.path.basename(url.path))
        if not os.path.isfile(path):
            self.send_error(404)
            return
        size = os.path.getsize(path)
        rng = self.headers.get("Range")
        start, end, status = 0, size - 1, 200
        if rng:
            m = re.match(r"bytes=(\d*)-(\d*)$", rng.strip())
            if not m or (m.group(1) == "" and m.group(2) == ""):
                self.send_error(416)
                return
            if m.group(1) == "":
                start, end = max(0, size - int(m.group(2))), size - 1
            else:
                start = int(m.group(1))
                end = min(size - 1, int(m.group(2))) if m.group(2) else size - 1
            if start >= size:
                self.send_response(416)
                self.send_header("Content-Range", f"bytes */{size}")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            status = 206
        is_media = path.endswith(".mp4")
        if is_media and DELAY:
            time.sleep(DELAY)
        ctype = "video/mp4" if is_media else "text/html"
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Accept-Ranges", "bytes")
        self.send_header("Content-Length", str(end - start + 1))
        self.send_header("Cache-Control", "no-store")
        if status == 206:
            self.send_header("Content-Range", f"bytes {start}-{end}/{size}")
        self.end_headers()
        if is_media:
            with lock:
                state["requests"] += 1
            log({"begin": os.path.basename(path), "range": rng or ""})
        sent = 0
        try:
            with open(path, "rb") as f:
                f.seek(start)
                left = end - start + 1
                began = time.time()
                while left > 0:
                    buf = f.read(min(16384, left))
                    self.wfile.write(buf)
                    left -= len(buf)
                    sent += len(buf)
                    if is_media:
                        with lock:
                            state["bytes"] += len(buf)
                    if RATE:
                        ahead = sent / RATE - (time.time() - began)
                        if ahead > 0:
                            time.sleep(ahead)
        except (BrokenPipeError, ConnectionResetError):
            pass
        if is_media:
            log({"path": os.path.basename(path), "range": rng or "", "status": status,
                 "start": start, "sent": sent})


ThreadingHTTPServer.daemon_threads = True
ThreadingHTTPServer.handle_error = lambda *a: None
ThreadingHTTPServer(("127.0.0.1", PORT), Handler).serve_forever()
PY
cat > report.py <<'PY'
#!/usr/bin/env python3
"""report.py DIR REF NAME... : one markdown table row per sample from DIR/NAME.{probe.json,decode.txt,boxes.txt,chromium.jsonl}.
REF is the sample whose ffprobe format duration counts as the true one (the faststart MP4 made from the same packets)."""
import json
import os
import sys

d, ref = sys.argv[1], sys.argv[2]


def probe(name):
    p = json.load(open(os.path.join(d, name + ".probe.json")))
    fmt = float(p["format"].get("duration", "nan"))
    streams = {s["codec_type"][0]: float(s.get("duration", "nan")) for s in p["streams"]}
    return fmt, streams


def chromium(name):
    path = os.path.join(d, name + ".chromium.jsonl")
    evs, media = [], []
    if os.path.exists(path):
        for line in open(path):
            r = json.loads(line)
            if "ev" in r:
                e = json.loads(r["ev"])
                e["_bytes"], e["_reqs"] = r["media_bytes_so_far"], r["media_requests_so_far"]
                evs.append(e)
            elif "begin" in r:
                media.append(r)
    first = lambda k: next((e for e in evs if e["ev"] == k), None)
    return evs, media, first


ref_fmt = probe(ref)[0]
print("| sample | size | top-level boxes | ffprobe format dur (Δ vs ref) | ffprobe v / a dur | ffmpeg decode errors "
      "| Chromium duration at loadedmetadata (Δ) | ms to loadedmetadata | range requests / KiB before loadedmetadata "
      "| … before playing | seek to 15 s: currentTime, frame, plays on | duration after `ended` |")
print("|" + "---|" * 12)
for name in sys.argv[3:]:
    fmt, st = probe(name)
    size = os.path.getsize(os.path.join(d, name + ".mp4"))
    boxes = open(os.path.join(d, name + ".boxes.txt")).read().split("| counts ")[1].split(" |")[0]
    errs = sum(1 for l in open(os.path.join(d, name + ".decode.txt")) if l.strip())
    evs, media, first = chromium(name)
    meta, playing, seeked, after, ended, err = (first(k) for k in
                                                ("loadedmetadata", "playing", "seeked", "after_seek_play", "ended", "error"))
    if meta:
        cd = f"{meta['dur']:.4f} ({(meta['dur'] - ref_fmt) * 1000:+.0f} ms)"
        ms = str(meta["ms"])
        before_meta = f"{meta['_reqs']} / {meta['_bytes'] // 1024}"
    else:
        cd, ms, before_meta = (f"error {err.get('code')}" if err else "none"), "-", "-"
    before_play = f"{playing['_reqs']} / {playing['_bytes'] // 1024}" if playing else "-"
    if seeked:
        ok = "yes" if (after and after["ct"] > 15.3 and seeked.get("pix", 0) > 0) else "no"
        sk = f"{seeked['ct']:.3f}, pix={'ok' if seeked.get('pix', 0) > 0 else 'black'}, {ok}"
    else:
        sk = "no seeked event"
    end = f"{ended['dur']:.4f}" if ended else "-"
    print(f"| {name} | {size / 1e6:.2f} MB | {boxes} | {fmt:.4f} ({(fmt - ref_fmt) * 1000:+.0f} ms) | "
          f"{st.get('v', float('nan')):.4f} / {st.get('a', float('nan')):.4f} | {errs} | {cd} | {ms} | {before_meta} | "
          f"{before_play} | {sk} | {end} |")
PY
cat > page.html <<'HTML'
<!doctype html><html><body><video id=v muted playsinline preload=metadata></video><canvas id=c width=64 height=36></canvas><script>
const q = new URLSearchParams(location.search), f = q.get('f'), seekTo = +(q.get('seek') || 15);
const v = document.getElementById('v'), c = document.getElementById('c');
const t0 = performance.now();
function ev(name, extra) {
  const o = Object.assign({ev: name, ms: Math.round(performance.now() - t0), dur: v.duration, ct: v.currentTime, rs: v.readyState}, extra || {});
  return fetch('/ev?' + encodeURIComponent(JSON.stringify(o)), {cache: 'no-store'});
}
function pixels() {
  const g = c.getContext('2d'); g.drawImage(v, 0, 0, 64, 36);
  const d = g.getImageData(0, 0, 64, 36).data; let s = 0; for (let i = 0; i < d.length; i += 4) s += d[i] + d[i+1] + d[i+2];
  return s;
}
let phase = 'start';
v.addEventListener('loadedmetadata', () => ev('loadedmetadata', {w: v.videoWidth, seekable_end: v.seekable.length ? v.seekable.end(0) : -1}));
v.addEventListener('durationchange', () => ev('durationchange'));
v.addEventListener('canplay', () => { if (phase === 'start') { phase = 'playing?'; ev('canplay'); v.play().catch(e => ev('playerror', {msg: String(e)})); } });
v.addEventListener('playing', () => {
  if (phase !== 'playing?') return; phase = 'seeking';
  ev('playing');
  setTimeout(() => { v.pause(); ev('seek_start', {target: seekTo}); v.currentTime = seekTo; }, 300);
});
v.addEventListener('seeked', () => {
  if (phase !== 'seeking') return; phase = 'after';
  const cb = (how) => {
    ev('seeked', {via: how, pix: pixels(), buffered: Array.from({length: v.buffered.length}, (_, i) => [v.buffered.start(i), v.buffered.end(i)])});
    v.play();
    const until = performance.now() + 2500;
    const tick = () => { if (v.currentTime > seekTo + 0.5 || performance.now() > until) ev('after_seek_play', {pix: pixels()}).then(endgame); else setTimeout(tick, 100); };
    tick();
  };
  let once = false; const go = (how) => { if (!once) { once = true; cb(how); } };
  if (v.requestVideoFrameCallback) v.requestVideoFrameCallback(() => go('rvfc')); setTimeout(() => go('timer'), 1000);
});
function endgame() {
  // seek close to the end and let it finish, to see the duration Chromium settles on
  v.currentTime = Math.max(0, (isFinite(v.duration) ? v.duration : 20) - 1);
  v.play();
  v.addEventListener('ended', () => ev('ended').then(() => ev('done')));
  setTimeout(() => ev('done', {timeout: true}), 6000);
}
v.addEventListener('error', () => ev('error', {code: v.error && v.error.code, msg: v.error && v.error.message}).then(() => ev('done')));
setTimeout(() => ev('done', {timeout: 'global'}), 50000);
v.src = f;
</script></body></html>
HTML

ff() { nice -n 10 ffmpeg -hide_banner -nostdin -v error -y "$@"; }
FRAG="+frag_keyframe+empty_moov+default_base_moof"   # what encode/mp4_writer.cpp uses

# make_samples DIR SECONDS [all|few]: the candidate layouts, all stream copies of one encode (same packets)
make_samples() {
  local dir=$1 secs=$2 which=${3:-all}
  mkdir -p "$dir"
  (
    cd "$dir"
    ff -f lavfi -i "testsrc2=size=1280x720:rate=30" -f lavfi -i "sine=frequency=440:sample_rate=48000" \
      -t "$secs" -c:v libx264 -preset superfast -g 60 -pix_fmt yuv420p -threads 1 -c:a aac -b:a 128k master.mkv
    remux() { ff -threads 1 -i master.mkv -c copy -threads 1 "$@"; }
    # A: fragmented as the recorder writes it. ffmpeg appends an mfra at the trailer by default.
    remux -movflags "$FRAG" -frag_duration 1000000 A_frag_mfra.mp4
    # ... the same bytes streamed to a pipe (what an uploader reading the muxer output would send)
    [ "$which" = all ] && remux -movflags "$FRAG" -frag_duration 1000000 -f mp4 pipe:1 > A_frag_pipe.mp4
    # ... without any trailer (no mfra): what has been uploaded before stop
    remux -movflags "$FRAG+skip_trailer" -frag_duration 1000000 A_frag_noidx.mp4
    # ... with +global_sidx: ffmpeg inserts sidx boxes after the moov at the trailer (shifts the data)
    [ "$which" = all ] && remux -movflags "$FRAG+global_sidx" -frag_duration 1000000 A_frag_gsidx.mp4
    # C: plain MP4, moov at the end, one mdat (whose size field Cap patches at stop)
    remux C_moov_end.mp4
    # D: faststart reference (what the local finalise step produces)
    remux -movflags +faststart D_faststart.mp4
    # B: C rewritten into several consecutive mdat boxes (cut at chunk boundaries), moov at the end
    python3 ../mp4tool.py split C_moov_end.mp4 B_mdat_5MiB.mp4 5242880 >/dev/null
    if [ "$which" = all ]; then
      python3 ../mp4tool.py split C_moov_end.mp4 B_mdat_256KiB.mp4 262144 >/dev/null
      python3 ../mp4tool.py split C_moov_end.mp4 B_mdat_per_chunk.mp4 1 >/dev/null
    fi
    rm master.mkv
  )
}

# check DIR NAME: ffprobe, decode, boxes, Chromium
check() {
  local dir=$1 name=$2 f=$1/$2.mp4
  ffprobe -v error -show_entries format=duration:stream=codec_type,duration,start_time -of json "$f" > "$dir/$name.probe.json"
  nice -n 10 ffmpeg -nostdin -v error -threads 1 -i "$f" -f null - > "$dir/$name.decode.txt" 2>&1 || echo "exit $?" >> "$dir/$name.decode.txt"
  python3 mp4tool.py boxes "$f" > "$dir/$name.boxes.txt"
  local log=$dir/$name.chromium.jsonl prof
  rm -f "$log" "$log.done"
  python3 rangeserver.py "$dir" "$PORT" "$log" "$RATE" "$DELAY_MS" & srv_pid=$!
  cp page.html "$dir/page.html"
  for _ in $(seq 50); do python3 -c "import socket; socket.create_connection(('127.0.0.1', $PORT)).close()" 2>/dev/null && break; sleep 0.1; done
  prof=$(mktemp -d "$work/profile-XXXX")
  # its own session, so that the browser and its helper processes can be ended together by its id
  setsid chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
    --disable-component-update --disable-sync --user-data-dir="$prof" --autoplay-policy=no-user-gesture-required \
    --mute-audio "http://127.0.0.1:$PORT/page.html?f=$name.mp4" >/dev/null 2>&1 &
  local cr=$!
  for _ in $(seq 700); do [ -e "$log.done" ] && break; sleep 0.1; done
  sleep 0.3
  kill -- "-$cr" 2>/dev/null || true; wait "$cr" 2>/dev/null || true
  for _ in $(seq 50); do kill -0 -- "-$cr" 2>/dev/null || break; sleep 0.1; done
  kill "$srv_pid" 2>/dev/null || true; wait "$srv_pid" 2>/dev/null || true; srv_pid=""
  rm -rf "$prof" 2>/dev/null || true
}

echo "# layout spike $(date -u +%FT%TZ): $(ffmpeg -version | head -1 | cut -d' ' -f1-3), $(chromium --version 2>/dev/null | head -1)"
echo "# server: ${RATE} B/s, ${DELAY_MS} ms before each media response"
make_samples short 20
samples="A_frag_mfra A_frag_pipe A_frag_noidx A_frag_gsidx B_mdat_5MiB B_mdat_256KiB B_mdat_per_chunk C_moov_end D_faststart"
for s in $samples; do check short "$s"; done
echo
echo "## 20 s samples (ref = D_faststart)"
for s in $samples; do echo "- $s: $(cat short/$s.boxes.txt)"; done
python3 mp4tool.py prefix short/A_frag_mfra.mp4 short/A_frag_pipe.mp4 | sed 's/^/- A file vs A pipe: /'
python3 mp4tool.py prefix short/A_frag_mfra.mp4 short/A_frag_noidx.mp4 | sed 's/^/- A with trailer vs without: /'
python3 mp4tool.py prefix short/A_frag_mfra.mp4 short/A_frag_gsidx.mp4 | sed 's/^/- A vs A+global_sidx: /'
if command -v strace >/dev/null; then
  # Where does libavformat's plain (non-fragmented) MP4 muxer write out of order? (layout C)
  (cd short && nice -n 10 strace -f -e trace=openat,lseek,write -o ../c_trace.txt ffmpeg -hide_banner -nostdin -v error -y \
     -threads 1 -i D_faststart.mp4 -c copy -threads 1 C_traced.mp4)
  python3 - c_trace.txt <<'PY'
import re, sys
fd, pos, out, last = None, 0, [], None
for line in open(sys.argv[1]):
    m = re.search(r'openat\(.*"C_traced.mp4".*\s=\s+(\d+)$', line)
    if m:
        fd = m.group(1)
        continue
    if fd is None:
        continue
    m = re.search(r'lseek\(' + fd + r', (\d+), SEEK_SET\)', line)
    if m:
        pos = int(m.group(1))
        continue
    m = re.search(r'write\(' + fd + r', .*\)\s+=\s+(\d+)$', line)
    if m:
        n = int(m.group(1))
        if last is not None and pos != last:
            out.append(f"write of {n} B at offset {pos} (after writing up to {last})")
        pos += n
        last = pos if last is None or pos > last else last
print("- movenc (plain MP4) out-of-order writes: " + ("; ".join(out) if out else "none"))
PY
fi
echo
python3 report.py short D_faststart $samples

if [ -n "${LONG:-}" ]; then
  make_samples long 300 few
  lsamples="A_frag_mfra A_frag_noidx B_mdat_5MiB C_moov_end D_faststart"
  for s in $lsamples; do check long "$s"; done
  echo
  echo "## 5-minute samples (ref = D_faststart)"
  for s in $lsamples; do echo "- $s: $(cat long/$s.boxes.txt)"; done
  echo
  python3 report.py long D_faststart $lsamples
fi
