/**
 * Every request handler runs inside a guard: a bug in one feature becomes an empty
 * answer and a line in the log, never a dead server.
 */
import { ResponseError, type Connection } from 'vscode-languageserver/node';

export function guarded<P, R>(connection: Connection, feature: string, fallback: R, handler: (params: P) => R): (params: P) => R {
  return (params: P) => {
    try {
      return handler(params);
    } catch (error) {
      // A deliberate answer to the client (a rename refused, with its reason) goes through.
      if (error instanceof ResponseError) throw error;
      const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
      connection.console.error(`netlint: ${feature} failed: ${detail}`);
      return fallback;
    }
  };
}
