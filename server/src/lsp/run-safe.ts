/**
 * Every request handler runs through runSafe (after the VS Code CSS server's runSafeAsync):
 * a thrown error becomes the handler's default value plus one log line, so one bad input
 * never breaks the session; a cancelled request answers with the LSP cancellation error.
 */
import { LSPErrorCodes, ResponseError, type CancellationToken } from 'vscode-languageserver';

export interface Logger {
  error(message: string): void;
}

function cancelled(): ResponseError<void> {
  return new ResponseError<void>(LSPErrorCodes.RequestCancelled, 'Request cancelled');
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
  return String(error);
}

export async function runSafe<T>(
  logger: Logger,
  what: string,
  token: CancellationToken | undefined,
  defaultValue: T,
  work: () => T | Promise<T>,
): Promise<T | ResponseError<void>> {
  // Yield once so that a cancellation sent right after the request is seen.
  await new Promise<void>((resolve) => setImmediate(resolve));
  if (token?.isCancellationRequested) return cancelled();
  try {
    const result = await work();
    if (token?.isCancellationRequested) return cancelled();
    return result;
  } catch (error) {
    logger.error(`wsconf: ${what} failed: ${describe(error)}`);
    return defaultValue;
  }
}

/** For notifications and timers: errors are logged, never thrown. */
export function runSafeVoid(logger: Logger, what: string, work: () => void | Promise<void>): void {
  try {
    const result = work();
    if (result instanceof Promise) result.catch((error: unknown) => logger.error(`wsconf: ${what} failed: ${describe(error)}`));
  } catch (error) {
    logger.error(`wsconf: ${what} failed: ${describe(error)}`);
  }
}
