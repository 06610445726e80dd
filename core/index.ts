/**
 * The language core's public face: what the CLI and the language server may use. The
 * core knows nothing of LSP, VS Code or the file system.
 */
export { analyze, type Analysis, type Reusable } from './analyze';
export type * from './ast';
export { COUNT_NAMES, ZERO_COUNTS, sumCounts, type CountName, type Counts } from './counts';
export { MAX_DIAGNOSTICS, type Diagnostic, type DiagnosticCode, type DiagnosticTarget, type Severity } from './diagnostics';
export { applyEdits, type TextEdit } from './edits';
export { forEachLeaf, type LayerKind, type LayerNode, type NetworkAnalysis, type NetworkInput } from './expand';
export { fixesFor, mayHaveFixes, type Fix, type FixKind } from './fixes';
export { countToJson, formatChange, formatCompact, formatCount, formatShape, formatShare, plural } from './format';
export { BLOCK_INPUT } from './names';
export {
  ACTIVATIONS,
  OPS,
  OP_ALIASES,
  VALUE_NAMES,
  defineOp,
  findOp,
  hasWeights,
  type NamedValue,
  type OpDefinition,
  type OpRole,
  type OpSpec,
  type ParamSpec,
  type ResolvedArgs,
} from './ops';
export { parse, type ParseResult } from './parser';
export { DIAGNOSTIC_CODES, RULES, RULE_CODES, findRule, isRuleCode, type RuleCode } from './rules';
export type { RuleDefinition, Threshold, Thresholds } from './rules/rule';
export { DEFAULT_SETTINGS, mergeSettings, type RuleSetting, type Settings, type SettingsInput, type SettingsProblem } from './settings';
export { CONFIG_FILE, CONFIG_KEYS, parseConfig, type ConfigProblem, type ParsedConfig } from './config';
export type { Shape } from './shapes';
export { canSilence, parseDirective } from './suppress';
export { LineIndex, decodeSource, describeNonText, firstAtLeast, type Position, type Span } from './text';
export { costFormulas, formatFormula, type Formula } from './formulas';
export {
  blocksReaching,
  declarationAt,
  expansionsOf,
  networkOf,
  statementAt,
  symbolAt,
  tensorShapes,
  type Expansion,
  type Occurrence,
  type StatementLocation,
  type SymbolInfo,
  type SymbolKind,
} from './query';
export { renameEdits, renameTarget, type RenameEdits, type RenameRefusal, type RenameTarget } from './rename';
export { renderTables, type TableFormat, type TableOptions } from './table';
export { callAt, completionContext, type Body, type CallContext, type CompletionContext } from './context';
