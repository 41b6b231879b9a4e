#!/usr/bin/env python3
"""A real HTTP server on 127.0.0.1 that speaks the OpenAI chat-completions protocol, for tests. Standard library only.

How it answers is its mode; a request whose body holds `route:MODE` (e.g. a top word) gets that mode instead.
  good                  a well-formed summary: {"title": "About <first top word>", "summary": ..., "labels": [n]}
  malformed             200 whose content is not JSON
  rate_limit_then_ok    429 for the first `failures` requests (in this mode), then good
  unavailable_then_ok   503 likewise, then good
  hang                  no answer until the server stops (past any client timeout)
  unauthorized          401 whose message echoes the bearer token, as a careless server might
  refusal               200 with a refusal instead of content

What it does with its connections, whatever the mode:
  keep_alive            HTTP/1.1, connections kept open between requests
  close                 HTTP/1.0: every connection closed after its answer, without a Connection header (HTTP/1.0
                        needs none), as small proxies and local servers do
  drop_some             HTTP/1.1, but a request is dropped at random (seeded: `seed`, `drop_rate`): the connection is
                        closed without an answer; one request body is dropped at most `max_drops_per_request` times
  drop_all              every request dropped so

Control (not part of the protocol): POST /_control {"mode": "good", "failures": 1} sets the mode and resets the
counters, and {"connections": "drop_some", "seed": 1, "drop_rate": 0.5, "max_drops_per_request": 2} sets the
connections; GET /_requests lists the recorded requests (path, headers, body, dropped); DELETE /_requests clears them.

Used in-process by e2e_summaries.py (FakeOpenAI(port).start()), or alone:
  fake_openai.py --port 9260 [--mode good] [--connections keep_alive] [--seed 0] [--drop-rate 0.3]
"""
import argparse
import json
import random
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

MODEL = "fake-model-1"
MODES = ("good", "malformed", "rate_limit_then_ok", "unavailable_then_ok", "hang", "unauthorized", "refusal")
CONNECTIONS = ("keep_alive", "close", "drop_some", "drop_all")
ROUTE = re.compile(r"route:([a-z_]+)")
TOP_WORDS = re.compile(r"<top_words>([^<,]*)")
N_LABELS = re.compile(r'"labels": \[(\d+) string')


def completion(content, refusal=None):
    return {"id": "chatcmpl-1", "object": "chat.completion", "created": 1700000000, "model": MODEL,
            "choices": [{"index": 0, "finish_reason": "stop", "logprobs": None,
                         "message": {"role": "assistant", "content": content, "refusal": refusal}}],
            "usage": {"prompt_tokens": 10, "completion_tokens": 10, "total_tokens": 20}}


def good_answer(request):
    prompt = "".join(m.get("content", "") for m in request.get("messages", []) if m.get("role") == "user")
    words = TOP_WORDS.search(prompt)
    first = words.group(1).strip() if words else "things"
    n = N_LABELS.search(prompt)
    labels = ["label %d" % (i + 1) for i in range(int(n.group(1)) if n else 0)]
    return json.dumps({"title": "About " + first, "summary": "Texts about %s." % first, "labels": labels})


class FakeOpenAI:
    def __init__(self, port=0, mode="good", connections="keep_alive", seed=0, drop_rate=0.3):
        self.mode = mode
        self.failures = 1
        self.sent_failures = 0
        self.requests = []
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.set_connections(connections, seed, drop_rate)
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def send_json(self, status, body):
                data = json.dumps(body).encode("utf-8")
                if fake.connections == "close":
                    self.protocol_version = "HTTP/1.0"  # this answer's status line; and the connection closes after it
                    self.close_connection = True
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def read_body(self):
                length = int(self.headers.get("Content-Length") or 0)
                return self.rfile.read(length).decode("utf-8") if length else ""

            def do_GET(self):
                if self.path == "/_requests":
                    with fake.lock:
                        self.send_json(200, list(fake.requests))
                else:
                    self.send_json(404, {"error": {"message": "no such path"}})

            def do_DELETE(self):
                with fake.lock:
                    fake.requests.clear()
                self.send_json(200, {"cleared": True})

            def do_POST(self):
                body = self.read_body()
                if self.path == "/_control":
                    settings = json.loads(body or "{}")
                    if "connections" in settings:
                        fake.set_connections(settings["connections"], settings.get("seed", 0),
                                             settings.get("drop_rate", 0.3), settings.get("max_drops_per_request"))
                    if "mode" in settings or "connections" not in settings:
                        fake.set_mode(settings.get("mode", "good"), settings.get("failures", 1))
                    self.send_json(200, {"mode": fake.mode, "connections": fake.connections})
                    return
                completions = self.path.endswith("/chat/completions")
                dropped = completions and fake.drop(body)
                with fake.lock:
                    fake.requests.append({"path": self.path, "headers": dict(self.headers.items()), "body": body,
                                          "dropped": dropped})
                if dropped:
                    self.close_connection = True  # and nothing written: the client reads the end of the stream
                    return
                if not completions:
                    self.send_json(404, {"error": {"message": "no such path"}})
                    return
                route = ROUTE.search(body)
                mode = route.group(1) if route and route.group(1) in MODES else fake.mode
                request = json.loads(body)
                if mode == "good":
                    self.send_json(200, completion(good_answer(request)))
                elif mode == "malformed":
                    self.send_json(200, completion('{"title": "Oil prices", "summary": '))
                elif mode in ("rate_limit_then_ok", "unavailable_then_ok"):
                    with fake.lock:
                        fail = fake.sent_failures < fake.failures
                        fake.sent_failures += 1
                    if fail:
                        self.send_json(429 if mode == "rate_limit_then_ok" else 503,
                                       {"error": {"message": "slow down", "type": "requests"}})
                    else:
                        self.send_json(200, completion(good_answer(request)))
                elif mode == "hang":
                    fake.stopping.wait(120)
                elif mode == "unauthorized":
                    token = (self.headers.get("Authorization") or "").replace("Bearer ", "")
                    self.send_json(401, {"error": {"message": "Incorrect API key provided: " + token,
                                                   "type": "invalid_request_error"}})
                elif mode == "refusal":
                    self.send_json(200, completion(None, "I can't help with that."))

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]

    def set_mode(self, mode, failures=1):
        if mode not in MODES:
            raise ValueError("unknown mode %s, use one of %s" % (mode, ", ".join(MODES)))
        with self.lock:
            self.mode = mode
            self.failures = failures
            self.sent_failures = 0

    def set_connections(self, connections, seed=0, drop_rate=0.3, max_drops_per_request=None):
        """How connections are treated from now on (see the module's docstring); resets the random drops."""
        if connections not in CONNECTIONS:
            raise ValueError("unknown connections %s, use one of %s" % (connections, ", ".join(CONNECTIONS)))
        with self.lock:
            self.connections = connections
            self.random = random.Random(seed)
            self.drop_rate = drop_rate
            self.max_drops_per_request = max_drops_per_request
            self.drops_by_body = {}

    def drop(self, body):
        """Whether this chat-completions request is dropped (closed without an answer)."""
        with self.lock:
            if self.connections == "drop_all":
                dropped = True
            elif self.connections == "drop_some":
                limit = self.max_drops_per_request
                dropped = (self.random.random() < self.drop_rate
                           and (limit is None or self.drops_by_body.get(body, 0) < limit))
            else:
                dropped = False
            if dropped:
                self.drops_by_body[body] = self.drops_by_body.get(body, 0) + 1
            return dropped

    def recorded(self):
        with self.lock:
            return list(self.requests)

    def clear(self):
        with self.lock:
            self.requests.clear()

    def start(self):
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self):
        self.stopping.set()
        self.server.shutdown()
        self.server.server_close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=9260)
    parser.add_argument("--mode", default="good", choices=MODES)
    parser.add_argument("--connections", default="keep_alive", choices=CONNECTIONS)
    parser.add_argument("--seed", type=int, default=0, help="of the random drops of --connections drop_some")
    parser.add_argument("--drop-rate", type=float, default=0.3, help="share of requests --connections drop_some drops")
    args = parser.parse_args()
    server = FakeOpenAI(args.port, args.mode, args.connections, args.seed, args.drop_rate)
    print("fake OpenAI chat-completions server on http://127.0.0.1:%d/v1 (mode %s, connections %s)"
          % (server.port, args.mode, args.connections), flush=True)
    try:
        server.server.serve_forever()
    except KeyboardInterrupt:
        server.stop()
