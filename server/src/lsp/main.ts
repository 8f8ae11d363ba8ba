/**
 * Entry point of the bundled server (server/out/server.js). The transport comes from the
 * command line, as vscode-languageserver reads it: `--node-ipc` (the VS Code client),
 * `--stdio` (Neovim, Helix, Emacs, …) or `--socket=<port>`.
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { createNodeHost } from './node-host';
import { startServer } from './server';

const connection = createConnection(ProposedFeatures.all);

startServer(connection, {
  timer: {
    setTimeout(callback, ms) {
      const handle = setTimeout(callback, ms);
      return { dispose: () => clearTimeout(handle) };
    },
  },
  createHost: (overlay) => createNodeHost(overlay),
});
