/**
 * The floor of an inlay-hint round trip: a language server on the same library as
 * netlint's (vscode-languageserver over stdio) that does no work at all. It is handed an
 * answer once (`netlint-bench/answer`) and returns it to every inlay hint request, so what
 * a request costs here is only the protocol: encoding the answer, the pipe, and the
 * client's decoding. The bench compares netlint's whole-file hints with it, answer for answer.
 */
import { createConnection, type InlayHint } from 'vscode-languageserver/node';

const connection = createConnection();
let answer: InlayHint[] = [];

connection.onInitialize(() => ({ capabilities: { inlayHintProvider: true } }));
// As netlint's server does on start: the bench's client waits for this request.
connection.onInitialized(() => void connection.workspace.getConfiguration('netlint').catch(() => undefined));
connection.onRequest('netlint-bench/answer', (hints: InlayHint[]) => {
  answer = hints;
  return answer.length;
});
connection.languages.inlayHint.on(() => answer);
connection.listen();
