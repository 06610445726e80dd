/**
 * The language core's public face: what the CLI and the language server may use. The
 * core knows nothing of LSP, VS Code or the file system.
 */
export { analyze, type Analysis } from './analyze';
export type * from './ast';
export { COUNT_NAMES, type Counts } from './counts';
export { MAX_DIAGNOSTICS, type Diagnostic, type DiagnosticCode, type Severity } from './diagnostics';
export { applyEdits } from './edits';
export { forEachLeaf, type LayerNode, type NetworkAnalysis } from './expand';
export { fixesFor, mayHaveFixes, refactoringsAt, refactoringStatementAt, type Fix } from './fixes';
export { countToJson, formatCompact, formatCount, formatShape, formatShare, plural } from './format';
export { BLOCK_INPUT, TENSOR_TYPE, isTensorParameter } from './names';
export { ACTIVATIONS, OPS, OP_ALIASES, findOp, type OpDefinition, type ParamSpec } from './ops';
export { parse } from './parser';
export { DIAGNOSTIC_CODES, RULES, RULE_CODES, findRule, isRuleCode, type RuleCode } from './rules';
export { DEFAULT_SETTINGS, mergeSettings, type Settings, type SettingsInput } from './settings';
export { CONFIG_FILE, parseConfig, type ConfigProblem, type ParsedConfig } from './config';
export type { Shape } from './shapes';
export { canSilence, parseDirective } from './suppress';
export { LineIndex, decodeSource, describeNonText, firstAtLeast, type Span } from './text';
export { costFormulas, costNotes, formatFormula } from './formulas';
export { blocksReaching, declarationAt, expansionsOf, implicitInputShapes, statementAt, symbolAt, tensorShapes, type Expansion } from './query';
export { renameEdits, renameTarget } from './rename';
export { describeOutputs, renderTables } from './table';
export { callAt, completionContext, type Body, type CallContext, type CompletionContext } from './context';
