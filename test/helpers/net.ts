/** Small helpers shared by the core tests: fixtures, markers and layer look-ups. */
import assert from 'node:assert/strict';
import { analyze, forEachLeaf, type Analysis, type Counts, type LayerNode, type NetworkAnalysis, type Settings } from '../../core';
export { readExample } from './paths';

/** A one-network file: `network T { input x: <input> … }`, one statement a line. */
export function net(input: string, ...lines: string[]): string {
  return ['network T {', `  input x: ${input}`, ...lines.map((line) => `  ${line}`), '}', ''].join('\n');
}

/** Analyses and returns the first network, failing when there is none. */
export function firstNetwork(analysis: Analysis): NetworkAnalysis {
  const network = analysis.networks[0];
  assert.ok(network, 'the analysis has no network');
  return network;
}

export function analyzeNet(text: string, settings?: Settings): { analysis: Analysis; network: NetworkAnalysis } {
  const analysis = analyze(text, settings);
  return { analysis, network: firstNetwork(analysis) };
}

/** The node at a dotted path (`stage.1.a`): top-level statements, then block and repeat children. */
export function nodeAt(network: NetworkAnalysis, path: string): LayerNode {
  let nodes: readonly LayerNode[] = network.layers;
  let found: LayerNode | undefined;
  for (const part of path.split('.')) {
    found = nodes.find((node) => node.name === part);
    assert.ok(found, `no layer at '${path}' (missing '${part}')`);
    nodes = found.children ?? [];
  }
  return found!;
}

/** Every op layer's path, in order. */
export function leafPaths(network: NetworkAnalysis): string[] {
  const paths: string[] = [];
  forEachLeaf(network.layers, (_leaf, path) => paths.push(path));
  return paths;
}

/** Counts in the order units, weights, biases, params, connections, activations, as plain numbers. */
export type CountRow = [number, number, number, number, number, number];

export function countRow(counts: Counts): CountRow {
  return [counts.units, counts.weights, counts.biases, counts.params, counts.connections, counts.activations].map(Number) as CountRow;
}

export function errors(analysis: Analysis): string[] {
  return analysis.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code}: ${d.message}`);
}

/**
 * A fixture with one range marked `[[…]]`: the text without the markers and the offsets
 * of what they enclosed.
 */
export function marked(source: string): { text: string; start: number; end: number } {
  const start = source.indexOf('[[');
  let end = source.indexOf(']]');
  // `[[[3, 3]]]`: a size list's own brackets are inside the marker.
  while (end >= 0 && source[end + 2] === ']') end++;
  assert.ok(start >= 0 && end > start && source.indexOf('[[', start + 2) < 0, `one [[…]] marker expected in ${JSON.stringify(source)}`);
  return { text: source.slice(0, start) + source.slice(start + 2, end) + source.slice(end + 2), start, end: end - 2 };
}

/** A fixture with the cursor marked `|`: the text without the marker and the cursor's offset. */
export function cursor(source: string): { text: string; offset: number } {
  const offset = source.indexOf('|');
  assert.ok(offset >= 0 && source.indexOf('|', offset + 1) < 0, `one | marker expected in ${JSON.stringify(source)}`);
  return { text: source.slice(0, offset) + source.slice(offset + 1), offset };
}

/** A small language model: a 512-wide token table, an attention, and a head as wide as the vocabulary. */
export const SMALL_LM = [
  'network LM {',
  '  input ids: 64',
  '  wte = embedding(32000, 512)',
  '  att = attention(8)',
  '  h = dense(512, act=gelu)',
  '  head = dense(32000, bias=false)',
  '}',
  '',
].join('\n');
