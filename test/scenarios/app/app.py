"""Minimal Flask-SocketIO echo app for the wsconf scenario suite (test/scenarios).

The same file is served by every scenario: gunicorn (`gunicorn -c gunicorn.conf.py app:app`)
and uWSGI (`module = app:app`). It answers:
  GET /                 "index" (so a request that lost its /socket.io/ prefix is visible)
  event "echo"          acknowledges with the data it received

The async mode is the one the server it runs in provides, the way a real deployment picks it:
python-engineio's own auto-detection would take eventlet whenever it is importable (it is, on
the test machine), even under a gevent or sync worker, so the app decides from what is active:
uWSGI with its gevent loop -> gevent_uwsgi, a gevent-patched process -> gevent, an
eventlet-patched one -> eventlet, anything else -> threading.

WSCONF_PING_INTERVAL (seconds, default 25) shortens Engine.IO's ping interval so that idle
checks take seconds instead of minutes; the suite tells wsconf the same value.
"""
import os
import sys

from flask import Flask
from flask_socketio import SocketIO


def _socket_patched_by(library):
    """Whether `library` (eventlet or gevent) has monkey-patched the socket module."""
    if library not in sys.modules:
        return False
    try:
        if library == 'eventlet':
            import eventlet.patcher
            return eventlet.patcher.is_monkey_patched('socket')
        import gevent.monkey
        return gevent.monkey.is_module_patched('socket')
    except ImportError:
        return False


def _async_mode():
    forced = os.environ.get('WSCONF_ASYNC_MODE')
    if forced:
        return forced
    try:
        import uwsgi  # only importable inside uWSGI
    except ImportError:
        uwsgi = None
    if uwsgi is not None:
        return 'gevent_uwsgi' if uwsgi.opt.get('gevent') or uwsgi.opt.get(b'gevent') else 'threading'
    for library in ('eventlet', 'gevent'):
        if _socket_patched_by(library):
            return library
    return 'threading'


PING = float(os.environ.get('WSCONF_PING_INTERVAL', '25'))
ASYNC_MODE = _async_mode()

app = Flask(__name__)
socketio = SocketIO(app, async_mode=ASYNC_MODE, ping_interval=PING, ping_timeout=PING)
print(f'wsconf-scenario-app: async_mode={ASYNC_MODE} pid={os.getpid()}', file=sys.stderr, flush=True)


@app.route('/')
def index():
    return 'index'


@socketio.on('echo')
def echo(data):
    return data
