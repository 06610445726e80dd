/** Signature help inside a call: the op's or block's parameters, the current one highlighted. */
import type { Connection, ParameterInformation, SignatureHelp, SignatureHelpParams } from 'vscode-languageserver/node';
import { callAt, findOp, type Analysis } from '../../core';
import type { DocumentStore } from '../documents';
import { guarded } from '../guard';

export function provideSignatureHelp(analysis: Analysis, offset: number): SignatureHelp | undefined {
  const call = callAt(analysis.text, offset);
  if (!call) return undefined;
  const op = findOp(call.callee);
  const block = analysis.symbols.blocks.get(call.callee);
  let params: { label: string; doc: string; name: string }[];
  let summary: string;
  if (op) {
    if (op.merge) {
      params = [
        { label: 'a', doc: 'an earlier layer', name: 'a' },
        { label: 'b', doc: 'another earlier layer', name: 'b' },
        // `mul` takes two; `add` and `concat` any number.
        ...(op.inputs === undefined ? [{ label: '…', doc: 'more layers', name: '…' }] : []),
      ];
    } else {
      params = op.params.map((p) => ({ label: p.defaultText === undefined ? p.name : `${p.name}=${p.defaultText}`, doc: p.doc, name: p.name }));
    }
    summary = op.summary;
  } else if (block) {
    params = block.params.map((p) => ({ label: analysis.text.slice(p.start, p.end), doc: '', name: p.name.text }));
    summary = `block ${call.callee}`;
  } else {
    return undefined;
  }
  const parameters: ParameterInformation[] = [];
  let label = `${call.callee}(`;
  params.forEach((p, i) => {
    if (i > 0) label += ', ';
    parameters.push({ label: [label.length, label.length + p.label.length], ...(p.doc ? { documentation: p.doc } : {}) });
    label += p.label;
  });
  label += ')';
  const typing = call.valueOf ?? undefined;
  const named = typing ? params.findIndex((p) => p.name === typing) : -1;
  const active = named >= 0 ? named : op?.merge ? Math.min(call.argumentIndex, 2) : call.argumentIndex;
  return {
    signatures: [{ label, documentation: summary, parameters }],
    activeSignature: 0,
    activeParameter: active < params.length ? active : null,
  } as SignatureHelp;
}

export function registerSignatureHelp(connection: Connection, store: DocumentStore): void {
  connection.onSignatureHelp(
    guarded(connection, 'signature help', null, (params: SignatureHelpParams) => {
      const analysis = store.analysis(params.textDocument.uri);
      return (analysis && provideSignatureHelp(analysis, analysis.lines.offsetAt(params.position))) ?? null;
    }),
  );
}
