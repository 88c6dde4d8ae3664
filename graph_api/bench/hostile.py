"""Hostile clients: the ways an attack reaches the server, each returning what the server answered.

Some speak HTTP through httpx like any client; the others write bytes on a socket themselves, because
what they send is what httpx will not: a Content-Length it does not keep, a body that never ends, headers
one byte a second, connections that never send a request.
"""

from __future__ import annotations

import json
import selectors
import socket
import subprocess
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from functools import cache
from http.client import HTTPResponse
from signal import SIGTERM
from urllib.parse import urlsplit

import httpx

REQUEST_TIMEOUT = 60.0  # seconds a client waits for an answer; an attack that gets none is a hang
CHUNK = 16 * 1024
ANSWER_GLANCE = 0.005  # seconds a client sending a large request waits, between chunks, for an early answer


@dataclass(frozen=True)
class Target:
    """The server under attack: its base URL and, when this run started it, its process."""

    base: str
    process: subprocess.Popen[bytes] | None = None

    @property
    def address(self) -> tuple[str, int]:
        parts = urlsplit(self.base)
        return parts.hostname or "127.0.0.1", parts.port or 80

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process is not None else None


@dataclass(frozen=True)
class Outcome:
    """What the server did: the HTTP status (None: no response) and its first error message, or what happened instead."""

    status: int | None
    answer: str


def first_message(status: int, body: bytes) -> Outcome:
    """The first GraphQL error of a response, or that it answered with data."""
    try:
        data = json.loads(body)
    except ValueError:
        return Outcome(status, body.decode("utf-8", "replace")[:200] or "(empty body)")
    errors = data.get("errors") if isinstance(data, dict) else None
    if errors:
        return Outcome(status, str(errors[0].get("message", errors[0])))
    return Outcome(status, f"answered with data ({len(body):,} bytes)")


def graphql_body(query: str, variables: Mapping[str, object] | None = None, fresh: bool = False) -> dict[str, object]:
    """A GraphQL request object; ``fresh`` adds an unused variable so that no cached answer is reused."""
    values = dict(variables or {})
    if fresh:
        values["nonce"] = uuid.uuid4().hex
    return {"query": query, "variables": values}


@cache
def http() -> httpx.Client:
    """One client for the plain requests, opening a new connection for each (as distinct clients would)."""
    return httpx.Client(timeout=REQUEST_TIMEOUT, limits=httpx.Limits(max_keepalive_connections=0))


def post_query(target: Target, query: str, variables: Mapping[str, object] | None = None, fresh: bool = False) -> Outcome:
    """POST one GraphQL request as JSON."""
    response = http().post(f"{target.base}/graphql", json=graphql_body(query, variables, fresh))
    return first_message(response.status_code, response.content)


def get_query(target: Target, query: str) -> Outcome:
    """Send one GraphQL query as GET /graphql?query=…"""
    response = http().get(f"{target.base}/graphql", params={"query": query}, headers={"accept": "application/json"})
    return first_message(response.status_code, response.content)


def post_bytes(target: Target, body: bytes) -> Outcome:
    """POST a body as it is, declared as JSON."""
    response = http().post(f"{target.base}/graphql", content=body, headers={"content-type": "application/json"})
    return first_message(response.status_code, response.content)


def request_head(target: Target, method: str, path: str, headers: Mapping[str, str]) -> bytes:
    host, port = target.address
    lines = [f"{method} {path} HTTP/1.1", f"host: {host}:{port}", *(f"{name}: {value}" for name, value in headers.items())]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def json_head(target: Target, headers: Mapping[str, str]) -> bytes:
    return request_head(target, "POST", "/graphql", {"content-type": "application/json", **headers})


@contextmanager
def connection(target: Target, timeout: float = REQUEST_TIMEOUT) -> Iterator[socket.socket]:
    with socket.create_connection(target.address, timeout=timeout) as sock:
        yield sock


def read_response(sock: socket.socket) -> Outcome:
    """The response on a socket; no status when the server closed it without one."""
    response = HTTPResponse(sock)
    try:
        response.begin()
        return first_message(response.status, response.read())
    except (OSError, ValueError) as error:  # http.client's parse errors are ValueErrors too
        return Outcome(None, f"no response: {type(error).__name__}")
    finally:
        response.close()


def send_then_read(target: Target, head: bytes, chunks: Iterable[bytes]) -> Outcome:
    """Send a request's head and body chunks until the server answers, then read its answer.

    Stopping at the first sign of an answer matters: a server that closes a connection with bytes
    still unread resets it, and the reset can destroy the answer before it is read.
    """
    with connection(target) as sock:
        try:
            sock.sendall(head)
            for chunk in chunks:
                if readable([sock], ANSWER_GLANCE):
                    break
                sock.sendall(chunk)
        except OSError:
            pass  # the server answered and closed before the whole request was in: its answer is what counts
        return read_response(sock)


def pieces(data: bytes, size: int = CHUNK) -> list[bytes]:
    return [data[i : i + size] for i in range(0, len(data), size)]


def declared_length(target: Target, length: int) -> Outcome:
    """A request whose head declares a body of ``length`` bytes, none of which is sent."""
    return send_then_read(target, json_head(target, {"content-length": str(length)}), [])


def post_json_on_socket(target: Target, payload: object) -> Outcome:
    """A JSON body written on a socket, its Content-Length true: for bodies so large the server answers before it is all sent."""
    body = json.dumps(payload).encode()
    return send_then_read(target, json_head(target, {"content-length": str(len(body))}), pieces(body))


def sized_body(target: Target, size: int) -> Outcome:
    """A real JSON body of about ``size`` bytes."""
    return post_json_on_socket(target, graphql_body("{ stats { articles } }", {"padding": "x" * size}))


def chunked_body(target: Target, size: int) -> Outcome:
    """A body of ``size`` bytes sent in chunks without a Content-Length (Transfer-Encoding: chunked)."""
    chunks = (f"{CHUNK:x}\r\n".encode() + b" " * CHUNK + b"\r\n" for _ in range(size // CHUNK))
    return send_then_read(target, json_head(target, {"transfer-encoding": "chunked"}), [*chunks, b"0\r\n\r\n"])


def raw_request(target: Target, request: bytes) -> Outcome:
    """Bytes written as they are, and the answer."""
    return send_then_read(target, b"", pieces(request))


def readable(sockets: Iterable[socket.socket], wait: float) -> list[socket.socket]:
    """The sockets with something to read (or closed by the peer) within ``wait`` seconds; any number of them."""
    with selectors.DefaultSelector() as selector:
        for sock in sockets:
            selector.register(sock, selectors.EVENT_READ)
        return [key.fileobj for key, _ in selector.select(wait)]  # type: ignore[misc]


def closed_by_peer(sock: socket.socket, wait: float) -> bool:
    """True when the server closed (or reset) the connection within ``wait`` seconds."""
    if not readable([sock], wait):
        return False
    try:
        return sock.recv(4096) == b""
    except OSError:
        return True


def slow_headers(target: Target, interval: float, give_up: float) -> Outcome:
    """A request's head sent one byte every ``interval`` seconds, until the server closes the connection."""
    head = request_head(target, "GET", "/health", {"user-agent": "slowloris"})
    start = time.monotonic()
    with connection(target) as sock:
        for sent, byte in enumerate(head, start=1):
            try:
                sock.sendall(bytes([byte]))
            except OSError:
                return Outcome(None, f"connection closed by the server after {time.monotonic() - start:.1f} s ({sent - 1} header bytes sent)")
            if closed_by_peer(sock, interval):
                return Outcome(None, f"connection closed by the server after {time.monotonic() - start:.1f} s ({sent} header bytes sent)")
            if time.monotonic() - start > give_up:
                break
    return Outcome(None, f"still open after {time.monotonic() - start:.1f} s ({sent} header bytes sent)")


def slow_body(target: Target, interval: float, give_up: float) -> Outcome:
    """A complete head, then the body one byte every ``interval`` seconds, until the server answers."""
    body = json.dumps(graphql_body("{ stats { articles } }")).encode()
    start = time.monotonic()
    with connection(target) as sock:
        sock.sendall(json_head(target, {"content-length": str(len(body))}))
        for byte in body:
            if readable([sock], interval) or time.monotonic() - start > give_up:
                break
            sock.sendall(bytes([byte]))
        if not readable([sock], max(0.0, give_up - (time.monotonic() - start))):
            return Outcome(None, f"no answer after {time.monotonic() - start:.1f} s")
        return read_response(sock)


def health_status(target: Target) -> Outcome:
    """What /health answers now, on a new connection."""
    try:
        response = http().get(f"{target.base}/health", timeout=5)
    except httpx.TransportError as error:
        return Outcome(None, f"/health failed: {type(error).__name__}")
    return Outcome(response.status_code, f"/health answered {response.status_code}")


def idle_connections(target: Target, count: int, give_up: float) -> Outcome:
    """``count`` connections that never send a byte; /health is asked meanwhile; then how many the server closed."""
    with ExitStack() as stack:
        sockets = [stack.enter_context(connection(target)) for _ in range(count)]
        time.sleep(0.2)  # let the server accept them all before /health competes with them
        health = health_status(target)
        start = time.monotonic()
        open_ones = set(sockets)
        while open_ones and time.monotonic() - start < give_up:
            open_ones -= {sock for sock in readable(open_ones, 0.2) if closed_by_peer(sock, 0)}
        closed = count - len(open_ones)
        return Outcome(health.status, f"{closed} of {count} idle connections closed by the server within {give_up:g} s; {health.answer}")


def concurrent_clients(target: Target, clients: int, query: str) -> Outcome:
    """``clients`` clients sending the same (fresh) query at once: how many got data, and how many were computed."""
    body = graphql_body(query, fresh=True)
    start = threading.Barrier(clients)

    def one(client: httpx.Client) -> tuple[int, bytes, str]:
        start.wait()
        response = client.post(f"{target.base}/graphql", json=body)
        return response.status_code, response.content, response.headers.get("x-cache", "computed")

    with httpx.Client(timeout=REQUEST_TIMEOUT, limits=httpx.Limits(max_connections=clients)) as client, ThreadPoolExecutor(clients) as pool:
        answers = list(pool.map(lambda _: one(client), range(clients)))
    statuses = Counter(status for status, _, _ in answers)
    with_data = sum(1 for status, content, _ in answers if status == 200 and b'"errors"' not in content)
    how = Counter(source for _, _, source in answers)
    sources = ", ".join(f"{how[name]} {name}" for name in ("computed", "shared", "hit") if how[name])
    return Outcome(statuses.most_common(1)[0][0], f"{with_data} of {clients} answered with data; {sources}")


def rapid_requests(target: Target, count: int) -> Outcome:
    """``count`` requests in a row under one bearer token: the last one's answer and its Retry-After."""
    headers = {"authorization": f"Bearer attacker-{uuid.uuid4().hex}"}
    with httpx.Client(base_url=target.base, headers=headers, timeout=REQUEST_TIMEOUT) as client:
        responses = [client.post("/graphql", json=graphql_body("{ stats { articles } }")) for _ in range(count)]
    last = responses[-1]
    refused = sum(1 for response in responses if response.status_code == 429)
    outcome = first_message(last.status_code, last.content)
    retry = last.headers.get("retry-after", "none")
    return Outcome(last.status_code, f"request {count}: {outcome.answer}; Retry-After: {retry} ({refused} of {count} refused)")


def terminate_during(target: Target, query: str, variables: Mapping[str, object], clients: int, after: float, give_up: float) -> Outcome:
    """SIGTERM to the server while ``clients`` clients keep sending a heavy query; how long until the process exits."""
    process = target.process
    if process is None:
        raise ValueError("this attack needs a server process of its own")
    stop = threading.Event()
    answered: Counter[str] = Counter()

    def keep_sending(client: httpx.Client) -> None:
        while not stop.is_set():
            try:
                status = client.post(f"{target.base}/graphql", json=graphql_body(query, variables, fresh=True)).status_code
                answered["answered" if status == 200 else f"HTTP {status}"] += 1
            except httpx.ConnectError:
                answered["refused (no longer listening)"] += 1
                stop.wait(0.05)
            except httpx.TransportError:
                answered["cut off in flight"] += 1

    fresh_connections = httpx.Limits(max_keepalive_connections=0)  # a kept-alive connection closed at shutdown is no cut-off
    with httpx.Client(timeout=REQUEST_TIMEOUT, limits=fresh_connections) as client, ThreadPoolExecutor(clients) as pool:
        for _ in range(clients):
            pool.submit(keep_sending, client)
        time.sleep(after)
        process.send_signal(SIGTERM)
        signalled = time.monotonic()
        try:
            code = process.wait(timeout=give_up)
        except subprocess.TimeoutExpired:
            code = None
        exited = time.monotonic() - signalled
        stop.set()
    if code is None:
        process.kill()
        process.wait()
        return Outcome(None, f"still running {give_up:g} s after SIGTERM (killed)")
    requests = ", ".join(f"{count} {what}" for what, count in sorted(answered.items()))
    return Outcome(None, f"exited {exited:.1f} s after SIGTERM with code {code}; requests meanwhile: {requests}")
