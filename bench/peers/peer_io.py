"""The line protocol every peer script speaks with the Java harness (io.synthaug.bench.Peer).

The harness writes one JSON object per line on the peer's stdin, each with a "cmd" key; the
peer answers each with exactly one JSON object on one line of stdout. A failing command answers
{"error": "..."} with the traceback, so the harness can stop with the peer's own message.
Anything else a peer wants to say goes to stderr, which the harness passes through.
"""

import json
import sys
import traceback


def serve(handlers):
    """Answers commands from stdin until "quit" or end of input.

    handlers maps a command name to a function taking the request dict and returning a dict.
    """
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        try:
            request = json.loads(line)
            cmd = request.get("cmd")
            if cmd == "quit":
                reply({"ok": True})
                return
            handler = handlers.get(cmd)
            if handler is None:
                raise ValueError("unknown command %r; known: %s" % (cmd, sorted(handlers)))
            reply(handler(request))
        except Exception:  # the harness shows the peer's traceback and stops
            reply({"error": traceback.format_exc()})


def reply(obj):
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()
