"""Serve a built site on 127.0.0.1 as a static host does: text compressed with gzip.

Like ``python -m http.server`` (same arguments and start-up line), plus gzip for HTML, CSS,
JavaScript, JSON, SVG and XML when the browser accepts it, as GitHub Pages and most static
hosts compress them. Without it Lighthouse measures transfer sizes no reader would see.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
from pathlib import Path

COMPRESSED = ("text/", "application/javascript", "application/json", "image/svg+xml",
              "application/xml", "application/atom+xml")  # fmt: skip


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files; text types gzipped when the request accepts gzip."""

    def do_GET(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        accepted = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepted and path.is_file() and self.guess_type(path).startswith(COMPRESSED)):
            super().do_GET()  # everything else exactly as http.server does it
            return
        body = gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("port", type=int)
    parser.add_argument("--bind", default="127.0.0.1")
    parser.add_argument("--directory", required=True)
    args = parser.parse_args()
    handler = functools.partial(GzipHandler, directory=args.directory)
    server = http.server.ThreadingHTTPServer((args.bind, args.port), handler)
    print(f"Serving HTTP on {args.bind} port {args.port} (gzip)", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
