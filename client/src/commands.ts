import * as vscode from 'vscode';

export interface CommandHandlers {
  /** Stops the running language server (if any) and starts a new one with the current settings. */
  readonly restart: () => Promise<void>;
  readonly showOutput: () => void;
}

export function registerCommands(handlers: CommandHandlers): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('wsconf.restartServer', async () => {
      await handlers.restart();
      void vscode.window.setStatusBarMessage('wsconf: language server restarted', 3000);
    }),
    vscode.commands.registerCommand('wsconf.showOutput', () => handlers.showOutput()),
  ];
}
