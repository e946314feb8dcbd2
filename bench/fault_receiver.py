#!/usr/bin/python3
"""A small share receiver for bench/fault_runs.sh, on 127.0.0.1: a ShareX (.sxcu) multipart upload
endpoint that checks its token, an incoming-webhook endpoint, downloads, and a switch that makes
both refuse (HTTP 401/500) or stall (take the request and never answer).

  POST /sxcu/upload        multipart/form-data with a "file" part; needs the header
                           "Authorization: $RECEIVER_TOKEN"; answers {"files": ["<base>/dl/N/<name>"]}
  GET  /dl/N/<name>        the uploaded bytes
  POST /hooks/<anything>   an incoming webhook: stores the message body, answers "ok"
  POST /__ctl/mode         body "ok", "401", "500" or "stall": how the next requests are answered

Prints "ready PORT" once it listens. Stores uploads and webhook message bodies (never request
paths or headers) in --dir, so the secrets check can grep what reached the server's storage.
"""
import argparse
import http.server
import json
import os
import socketserver
import threading
import time

parser = argparse.ArgumentParser()
parser.add_argument("--dir", required=True)
parser.add_argument("--port", type=int, default=0)
args = parser.parse_args()
os.makedirs(args.dir, exist_ok=True)
token = os.environ.get("RECEIVER_TOKEN", "")
state = {"mode": "ok", "uploads": 0, "messages": 0}
lock = threading.Lock()


def file_part(body, content_type):
    """The content of the multipart part named "file" (or the first part with a filename)."""
    boundary = None
    for item in content_type.split(";"):
        item = item.strip()
        if item.startswith("boundary="):
            boundary = item[len("boundary="):].strip('"')
    if not boundary:
        return None, None
    for part in body.split(b"--" + boundary.encode()):
        head, sep, content = part.partition(b"\r\n\r\n")
        if not sep:
            continue
        head_text = head.decode("utf-8", "replace")
        if 'filename="' not in head_text:
            continue
        name = head_text.split('filename="', 1)[1].split('"', 1)[0] or "upload.bin"
        if content.endswith(b"\r\n"):
            content = content[:-2]
        return os.path.basename(name), content
    return None, None


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *a):  # no request log: paths may hold the webhook's secret
        pass

    def answer(self, status, body=b"", ctype="text/plain"):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def body(self):
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n) if n else b""

    def fault(self):
        mode = state["mode"]
        if mode == "stall":
            time.sleep(3600)
            return True
        if mode in ("401", "500"):
            self.body()
            self.answer(int(mode), b'{"error": "refused by the fault switch"}', "application/json")
            return True
        return False

    def do_POST(self):
        if self.path == "/__ctl/mode":
            state["mode"] = self.body().decode().strip()
            return self.answer(204)
        if self.path == "/sxcu/upload":
            if self.fault():
                return
            data = self.body()
            if self.headers.get("Authorization", "") != token:
                return self.answer(401, b'{"error": "bad token"}', "application/json")
            name, content = file_part(data, self.headers.get("Content-Type", ""))
            if content is None:
                return self.answer(400, b'{"error": "no file part"}', "application/json")
            with lock:
                state["uploads"] += 1
                n = state["uploads"]
            os.makedirs(os.path.join(args.dir, "dl", str(n)), exist_ok=True)
            with open(os.path.join(args.dir, "dl", str(n), name), "wb") as f:
                f.write(content)
            host = "http://127.0.0.1:%d" % self.server.server_address[1]
            return self.answer(200, json.dumps({"files": ["%s/dl/%d/%s" % (host, n, name)]}).encode(),
                               "application/json")
        if self.path.startswith("/hooks/"):
            if self.fault():
                return
            data = self.body()
            with lock:
                state["messages"] += 1
                n = state["messages"]
            with open(os.path.join(args.dir, "message-%d.json" % n), "wb") as f:
                f.write(data)
            return self.answer(200, b"ok")
        self.body()
        self.answer(404, b"not found")

    def do_GET(self):
        if self.path.startswith("/dl/"):
            path = os.path.normpath(os.path.join(args.dir, self.path.lstrip("/")))
            if path.startswith(os.path.join(args.dir, "dl")) and os.path.isfile(path):
                with open(path, "rb") as f:
                    return self.answer(200, f.read(), "application/octet-stream")
        self.answer(404, b"not found")


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True


server = Server(("127.0.0.1", args.port), Handler)
print("ready %d" % server.server_address[1], flush=True)
server.serve_forever()
