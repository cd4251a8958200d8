"""Headless Chromium for page tests, driven over the DevTools protocol with the stdlib.

Chromium runs with a fresh profile, the network cut off (every host name fails to
resolve and every proxied request goes to a closed port) and DevTools on a free
port, read from the profile's ``DevToolsActivePort`` file. The protocol is spoken
over a small RFC 6455 websocket client, so no package beyond the stdlib is needed.

>>> with Chromium(tmp_path) as browser:          # doctest: +SKIP
...     page = browser.open_page()
...     page.navigate(Path("view.html").as_uri())
...     page.evaluate("document.title")
"""
from __future__ import annotations

import base64
import json
import os
import signal
import socket
import struct
import subprocess
import tempfile
import time
import zlib
from pathlib import Path
from urllib.parse import urlsplit

CHROMIUM = Path("/usr/bin/chromium")
INSTALL_HINT = "run `bash .ci/install-system` (installs Debian's chromium) and test again"

CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-features=Translate,OptimizationHints,MediaRouter",
    "--host-resolver-rules=MAP * ~NOTFOUND",
    "--proxy-server=127.0.0.1:9",
    "--force-device-scale-factor=1",
    "--hide-scrollbars",
    "--remote-debugging-port=0",
)


class BrowserError(RuntimeError):
    """Chromium did not start, answer or behave in time."""


# --- websocket (RFC 6455, client side, text frames) ------------------------------


class WebSocket:
    """A blocking websocket client: enough for the DevTools protocol."""

    def __init__(self, url: str, timeout: float):
        parts = urlsplit(url)
        self.sock = socket.create_connection((parts.hostname, parts.port), timeout=timeout)
        key = base64.b64encode(os.urandom(16)).decode()
        request = (f"GET {parts.path} HTTP/1.1\r\nHost: {parts.hostname}:{parts.port}\r\n"
                   "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                   f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n")
        self.sock.sendall(request.encode())
        response = b""
        while b"\r\n\r\n" not in response:
            chunk = self.sock.recv(4096)
            if not chunk:
                raise BrowserError("DevTools closed the connection during the websocket handshake")
            response += chunk
        head, self.buffer = response.split(b"\r\n\r\n", 1)
        if b" 101 " not in head.split(b"\r\n", 1)[0]:
            raise BrowserError(f"websocket handshake refused: {head.decode(errors='replace')}")

    def settimeout(self, seconds: float) -> None:
        """Bound the next reads."""
        self.sock.settimeout(max(seconds, 0.01))

    def send_text(self, text: str) -> None:
        """Send one masked text frame."""
        self._send_frame(0x1, text.encode())

    def _send_frame(self, opcode: int, payload: bytes) -> None:
        mask = os.urandom(4)
        size = len(payload)
        if size < 126:
            header = struct.pack("!BB", 0x80 | opcode, 0x80 | size)
        elif size < 1 << 16:
            header = struct.pack("!BBH", 0x80 | opcode, 0x80 | 126, size)
        else:
            header = struct.pack("!BBQ", 0x80 | opcode, 0x80 | 127, size)
        masked = bytes(byte ^ mask[index % 4] for index, byte in enumerate(payload))
        self.sock.sendall(header + mask + masked)

    def _read(self, count: int) -> bytes:
        while len(self.buffer) < count:
            chunk = self.sock.recv(max(65536, count - len(self.buffer)))
            if not chunk:
                raise BrowserError("DevTools closed the websocket")
            self.buffer += chunk
        data, self.buffer = self.buffer[:count], self.buffer[count:]
        return data

    def receive_text(self) -> str:
        """The next text message, answering pings and joining fragments."""
        message = b""
        while True:
            first, second = self._read(2)
            opcode, size = first & 0x0F, second & 0x7F
            if size == 126:
                size = struct.unpack("!H", self._read(2))[0]
            elif size == 127:
                size = struct.unpack("!Q", self._read(8))[0]
            mask = self._read(4) if second & 0x80 else b""
            payload = self._read(size)
            if mask:
                payload = bytes(byte ^ mask[index % 4] for index, byte in enumerate(payload))
            if opcode == 0x9:
                self._send_frame(0xA, payload)
            elif opcode == 0x8:
                raise BrowserError("DevTools closed the websocket")
            elif opcode in (0x0, 0x1, 0x2):
                message += payload
                if first & 0x80:
                    return message.decode()

    def close(self) -> None:
        """Close the connection without waiting for the other side."""
        try:
            self._send_frame(0x8, struct.pack("!H", 1000))
        except OSError:
            pass
        self.sock.close()


# --- the DevTools protocol ------------------------------------------------------


class DevTools:
    """Commands and events over one websocket; events are kept in arrival order."""

    def __init__(self, url: str, timeout: float):
        self.timeout = timeout
        self.socket = WebSocket(url, timeout)
        self.events: list[dict] = []
        self.next_id = 0

    def send(self, method: str, params: dict | None = None, session: str | None = None,
             timeout: float | None = None) -> dict:
        """Run one command and return its result; raise on a protocol error."""
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        self.socket.send_text(json.dumps(message))
        deadline = time.monotonic() + (timeout or self.timeout)
        while True:
            reply = self._receive(deadline, method)
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise BrowserError(f"{method}: {reply['error']}")
                return reply.get("result", {})

    def wait_event(self, method: str, session: str | None, timeout: float) -> dict:
        """The first event ``method`` not yet waited for (kept events included)."""
        deadline = time.monotonic() + timeout
        while True:
            for event in self.events:
                if event.get("method") == method and event.get("sessionId") == session \
                        and not event.get("_taken"):
                    event["_taken"] = True
                    return event
            self._receive(deadline, method)

    def _receive(self, deadline: float, waiting_for: str) -> dict:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise BrowserError(f"no answer to {waiting_for} in time")
        self.socket.settimeout(remaining)
        try:
            message = json.loads(self.socket.receive_text())
        except socket.timeout as error:
            raise BrowserError(f"no answer to {waiting_for} in time") from error
        if "method" in message:
            self.events.append(message)
        return message

    def close(self) -> None:
        """Close the websocket."""
        self.socket.close()


class Page:
    """One tab, with its console errors, exceptions and network requests recorded."""

    def __init__(self, devtools: DevTools, session: str, target: str | None = None):
        self.devtools = devtools
        self.session = session
        self.target = target
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.send(f"{domain}.enable")

    def send(self, method: str, params: dict | None = None, timeout: float | None = None) -> dict:
        """A command to this tab."""
        return self.devtools.send(method, params, self.session, timeout)

    def navigate(self, url: str, timeout: float = 30) -> None:
        """Load ``url`` and wait for its load event."""
        self.send("Page.navigate", {"url": url})
        self.devtools.wait_event("Page.loadEventFired", self.session, timeout)

    def evaluate(self, expression: str, timeout: float = 10):
        """The value of a JavaScript expression in the page (promises awaited)."""
        result = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True,
                                                "awaitPromise": True}, timeout)
        if "exceptionDetails" in result:
            raise BrowserError(f"{expression!r} threw: {result['exceptionDetails']}")
        return result["result"].get("value")

    def wait_for(self, expression: str, timeout: float = 30, step: float = 0.1):
        """Poll until ``expression`` is truthy and return its value."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = self.evaluate(expression)
            if value:
                return value
            time.sleep(step)
        raise BrowserError(f"{expression!r} still false after {timeout} s")

    def mouse(self, kind: str, x: float, y: float, **extra) -> None:
        """One mouse event at page coordinates (kind: mouseMoved, mousePressed, mouseReleased)."""
        self.send("Input.dispatchMouseEvent", {"type": kind, "x": x, "y": y, **extra})

    def click(self, x: float, y: float) -> None:
        """A left click at page coordinates, as a user's."""
        self.mouse("mouseMoved", x, y)
        self.mouse("mousePressed", x, y, button="left", buttons=1, clickCount=1)
        self.mouse("mouseReleased", x, y, button="left", buttons=0, clickCount=1)

    def screenshot(self, path: Path) -> bytes:
        """A PNG of the viewport, also written to ``path``."""
        data = base64.b64decode(self.send("Page.captureScreenshot", {"format": "png"}, 30)["data"])
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        return data

    def errors(self) -> list[str]:
        """Console errors, uncaught exceptions and failed loads seen so far."""
        found = []
        for event in self._events():
            method, params = event["method"], event.get("params", {})
            if method == "Runtime.exceptionThrown":
                details = params.get("exceptionDetails", {})
                found.append(f"exception: {details.get('exception', {}).get('description') or details.get('text')}")
            elif method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
                found.append("console: " + " ".join(str(arg.get("value", arg.get("description")))
                                                    for arg in params.get("args", [])))
            elif method == "Log.entryAdded" and params.get("entry", {}).get("level") == "error":
                found.append(f"log: {params['entry'].get('text')} {params['entry'].get('url', '')}")
            elif method == "Network.loadingFailed":
                found.append(f"network: {params.get('errorText')}")
        return found

    def requests(self) -> list[str]:
        """The URLs of every request the page made."""
        return [event["params"]["request"]["url"] for event in self._events()
                if event["method"] == "Network.requestWillBeSent"]

    def _events(self) -> list[dict]:
        return [event for event in self.devtools.events if event.get("sessionId") == self.session]

    def close(self) -> None:
        """Close the tab; the browser stays up for the next page."""
        if self.target is not None:
            self.devtools.send("Target.closeTarget", {"targetId": self.target})


class Chromium:
    """Debian's Chromium, headless and offline, as a context manager that always kills it."""

    def __init__(self, workdir: Path, width: int = 1280, height: int = 900, timeout: float = 20):
        self.workdir = Path(workdir)
        self.width, self.height, self.timeout = width, height, timeout
        self.process: subprocess.Popen | None = None
        self.devtools: DevTools | None = None

    def __enter__(self) -> "Chromium":
        if not CHROMIUM.exists():
            raise BrowserError(f"{CHROMIUM} is missing: {INSTALL_HINT}")
        self.workdir.mkdir(parents=True, exist_ok=True)
        # A fresh profile each time: an old DevToolsActivePort would name a dead port.
        profile = Path(tempfile.mkdtemp(prefix="profile-", dir=self.workdir))
        self.log = (self.workdir / "chromium.log").open("wb")
        self.process = subprocess.Popen(
            [str(CHROMIUM), *CHROMIUM_FLAGS, f"--user-data-dir={profile}",
             f"--window-size={self.width},{self.height}", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            port, path = self._devtools_address(profile / "DevToolsActivePort")
            self.devtools = DevTools(f"ws://127.0.0.1:{port}{path}", self.timeout)
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def _devtools_address(self, port_file: Path) -> tuple[int, str]:
        deadline = time.monotonic() + self.timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise BrowserError(f"chromium exited with {self.process.returncode}; "
                                   f"see {self.workdir / 'chromium.log'}")
            lines = port_file.read_text().split() if port_file.exists() else []
            if len(lines) == 2:
                return int(lines[0]), lines[1]
            time.sleep(0.05)
        raise BrowserError(f"chromium wrote no {port_file.name} in {self.timeout} s")

    def open_page(self) -> Page:
        """A new tab of the browser's size, attached and recording."""
        target = self.devtools.send("Target.createTarget", {"url": "about:blank"})
        session = self.devtools.send("Target.attachToTarget",
                                     {"targetId": target["targetId"], "flatten": True})["sessionId"]
        page = Page(self.devtools, session, target["targetId"])
        page.send("Emulation.setDeviceMetricsOverride", {"width": self.width, "height": self.height,
                                                          "deviceScaleFactor": 1, "mobile": False})
        return page

    def __exit__(self, *exc) -> None:
        if self.devtools is not None:
            self.devtools.close()
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=5)
        self.log.close()


# --- PNG -----------------------------------------------------------------------


def decode_png(data: bytes) -> tuple[int, int, int, bytes]:
    """Width, height, bytes per pixel and unfiltered pixel rows of an 8-bit, non-interlaced
    greyscale, RGB or RGBA PNG (what Chromium's screenshots are)."""
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    at, chunks, header = 8, [], None
    while at < len(data):
        size, kind = struct.unpack("!I4s", data[at:at + 8])
        body = data[at + 8:at + 8 + size]
        if kind == b"IHDR":
            header = struct.unpack("!IIBBBBB", body)
        elif kind == b"IDAT":
            chunks.append(body)
        at += 12 + size
    width, height, depth, colour, _, _, interlace = header
    channels = {0: 1, 2: 3, 4: 2, 6: 4}.get(colour)
    if depth != 8 or channels is None or interlace:
        raise ValueError(f"unsupported PNG: depth {depth}, colour type {colour}, interlace {interlace}")
    raw = zlib.decompress(b"".join(chunks))
    stride = width * channels
    out, previous = bytearray(), bytearray(stride)
    for row in range(height):
        start = row * (stride + 1)
        line = _unfilter(raw[start], bytearray(raw[start + 1:start + 1 + stride]), previous, channels)
        out += line
        previous = line
    return width, height, channels, bytes(out)


def _unfilter(kind: int, line: bytearray, above: bytearray, step: int) -> bytearray:
    """Undo one row's PNG filter (None, Sub, Up, Average, Paeth)."""
    if kind == 0:
        return line
    if kind == 2:
        return bytearray((a + b) & 0xFF for a, b in zip(line, above))
    for i in range(len(line)):
        left = line[i - step] if i >= step else 0
        if kind == 1:
            line[i] = (line[i] + left) & 0xFF
        elif kind == 3:
            line[i] = (line[i] + (left + above[i]) // 2) & 0xFF
        elif kind == 4:
            upper_left = above[i - step] if i >= step else 0
            guess = left + above[i] - upper_left
            pa, pb, pc = abs(guess - left), abs(guess - above[i]), abs(guess - upper_left)
            near = left if pa <= pb and pa <= pc else above[i] if pb <= pc else upper_left
            line[i] = (line[i] + near) & 0xFF
        else:
            raise ValueError(f"unknown PNG filter {kind}")
    return line


def count_ink(png: bytes, box: tuple[int, int, int, int], background=(255, 255, 255), tolerance=24) -> int:
    """How many pixels inside ``box`` (left, top, right, bottom) differ from ``background``
    by more than ``tolerance`` in some channel."""
    width, height, channels, pixels = decode_png(png)
    left, top, right, bottom = (max(0, box[0]), max(0, box[1]), min(width, box[2]), min(height, box[3]))
    if right <= left or bottom <= top:
        return 0
    # One byte table per channel marks the values far from the background; a pixel is ink
    # when any of its channels is marked. Counted as bits of big integers, not pixel by pixel.
    grey = channels < 3
    marks = [bytes(int(abs(value - background[c]) > tolerance) for value in range(256))
             for c in range(1 if grey else 3)]
    ink = 0
    for y in range(top, bottom):
        start = y * width * channels
        row = pixels[start + left * channels:start + right * channels]
        marked = 0
        for c, table in enumerate(marks):
            marked |= int.from_bytes(row[c::channels].translate(table), "big")
        ink += bin(marked).count("1")
    return ink


# --- page helpers for views drawn by vis-network ----------------------------------


def canvas_box(page: Page) -> list[float]:
    """Left, top, right and bottom of the network's canvas, in page coordinates."""
    return page.evaluate("(() => { const r = document.querySelector('#mynetwork canvas')"
                         ".getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; })()")


def canvas_ink(page: Page, shot: Path) -> int:
    """How many pixels of the canvas are drawn, from a screenshot also written to ``shot``."""
    left, top, right, bottom = canvas_box(page)
    png = page.screenshot(shot)
    # A margin keeps the container's border out of the count.
    return count_ink(png, (int(left) + 3, int(top) + 3, int(right) - 3, int(bottom) - 3))


def node_point(page: Page, node_id: str) -> tuple[float, float, object]:
    """Where a node is drawn, in page coordinates, and the node vis-network finds there."""
    return tuple(page.evaluate(
        "(() => { const id = %s; const p = network.canvasToDOM(network.getPosition(id));"
        " const r = document.querySelector('#mynetwork canvas').getBoundingClientRect();"
        " return [r.left + p.x, r.top + p.y, network.getNodeAt(p)]; })()" % json.dumps(node_id)))


def edge_point(page: Page, edge_id: str, along: float = 0.5) -> tuple[float, float, object, object]:
    """Where an edge is drawn, ``along`` its length from its start, in page coordinates, and
    the edge and the node (if any) vis-network finds there."""
    return tuple(page.evaluate(
        "(() => { const id = %s; const p = network.canvasToDOM(network.body.edges[id].edgeType.getPoint(%s));"
        " const r = document.querySelector('#mynetwork canvas').getBoundingClientRect();"
        " return [r.left + p.x, r.top + p.y, network.getEdgeAt(p), network.getNodeAt(p)]; })()"
        % (json.dumps(edge_id), json.dumps(along))))


def hover_tooltip(page: Page, x: float, y: float, timeout: float = 10) -> str:
    """The text of the tooltip shown when the mouse rests at (x, y)."""
    page.mouse("mouseMoved", x, y)
    return page.wait_for("(() => { const t = document.querySelector('div.vis-tooltip');"
                         " return t && t.style.visibility === 'visible' && t.textContent; })()", timeout=timeout)
