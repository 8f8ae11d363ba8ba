/**
 * U-13. uWSGI's Python plugin does not initialise the GIL unless told to, so threads the app
 * starts itself never run (uWSGI "Things to know"; verified on 2.0.21: "Python threads support
 * is disabled"). Flask-SocketIO in threading mode starts such threads (message-queue listener,
 * `start_background_task`). `threads` or `gevent` change the picture, so only instances with
 * neither are checked, and only when the app is known to be Socket.IO.
 *
 *     module = chat_socketio:app   # flagged without enable-threads
 *     enable-threads = true        # fine
 */
import { flagOn, optionEntries } from '../../../languages/uwsgi/ast';
import { classifyUwsgiApp } from '../../../languages/uwsgi/websocket';
import { defineUwsgiRule } from '../../file-rule';
import { insertOption, mentions, sectionSpan } from '../../fixes/uwsgi-lines';

export default defineUwsgiRule({
  id: 'uwsgi/enable-threads-missing',
  meta: { failure: 'runtime', description: 'A Socket.IO app without gevent or threads needs enable-threads.', severity: 'warning', fixable: 'fix' },
  messages: {
    missing:
      'uWSGI leaves Python thread support off, so the background threads Flask-SocketIO starts (message-queue listener, start_background_task) never run. Add `enable-threads = true`.',
  },
  create(context) {
    const file = context.file;
    return {
      ':exit'() {
        if (classifyUwsgiApp(file, context.settings).socketio !== 'yes') return;
        if (optionEntries(file, 'gevent', 'threads', 'async', 'asyncio').length > 0 || flagOn(file, 'enable-threads')) return;
        if (mentions(file, 'enable-threads', 'threads', 'gevent')) return;
        const app = optionEntries(file, 'module', 'wsgi', 'wsgi-file', 'file')[0];
        context.report({
          span: app?.keySpan ?? sectionSpan(file),
          messageId: 'missing',
          fix: { title: 'Add enable-threads = true', apply: (f) => insertOption(f, file, 'enable-threads = true', app) },
        });
      },
    };
  },
});
