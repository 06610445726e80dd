/**
 * The settings are written in three places: core's DEFAULT_SETTINGS (what runs), the
 * editor's `contributes.configuration` in package.json, and the schema of `.netlintrc.json`
 * that the extension ships. They must say the same.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { DEFAULT_SETTINGS, parseConfig, RULE_CODES } from '../core';
import { repoRoot } from './helpers/paths';

interface Property {
  readonly type?: string;
  readonly default?: unknown;
  readonly enum?: readonly string[];
  readonly minimum?: number;
  readonly maximum?: number;
  readonly scope?: string;
  readonly properties?: Record<string, Property>;
  readonly anyOf?: readonly Property[];
  readonly $ref?: string;
}

const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
const configuration: Record<string, Property> = manifest.contributes.configuration.properties;
const schema = JSON.parse(readFileSync(join(repoRoot, 'schemas', 'netlintrc.schema.json'), 'utf8'));

/** Every rule setting as `code.key = default`, from core. */
const fromCore = RULE_CODES.flatMap((code) => Object.entries(DEFAULT_SETTINGS.rules[code]).map(([key, value]) => `${code}.${key} = ${value}`));

test('package.json: one resource-scoped setting per rule key, with core’s default', () => {
  const rules = Object.entries(configuration)
    .filter(([name]) => name.startsWith('netlint.rules.'))
    .map(([name, property]) => `${name.slice('netlint.rules.'.length)} = ${property.default}`);
  assert.deepEqual(rules.sort(), [...fromCore].sort());
  assert.equal(configuration['netlint.maxLayers']!.default, DEFAULT_SETTINGS.maxLayers);
  for (const [name, property] of Object.entries(configuration)) assert.equal(property.scope, 'resource', name);
});

test('the schema: every rule, its keys and defaults as core has them', () => {
  const rules: Record<string, Property> = schema.properties.rules.properties;
  assert.deepEqual(Object.keys(rules), [...RULE_CODES]);
  const fromSchema = Object.entries(rules).flatMap(([code, rule]) => {
    const object = rule.anyOf!.find((form) => form.type === 'object')!;
    assert.equal(rule.default, object.properties!['severity']!.default, code);
    return Object.entries(object.properties!).map(([key, property]) => `${code}.${key} = ${property.default}`);
  });
  assert.deepEqual(fromSchema, fromCore);
  assert.equal(schema.properties.maxLayers.default, DEFAULT_SETTINGS.maxLayers);
  assert.equal(schema.properties.maxDepth.default, DEFAULT_SETTINGS.maxDepth);
  assert.deepEqual(Object.keys(schema.properties), ['$schema', 'rules', 'maxLayers', 'maxDepth']);
  assert.equal(schema.additionalProperties, false);
});

test('the schema’s severities and ranges are those the core accepts', () => {
  const severities: string[] = schema.definitions.severity.enum;
  for (const severity of severities) assert.deepEqual(parseConfig(`{"rules": {"unused": "${severity}"}}`).problems, [], severity);
  assert.equal(parseConfig('{"rules": {"unused": "loud"}}').problems.length, 1);
  const heavy = schema.properties.rules.properties['heavy-layer'].anyOf[1].properties;
  assert.deepEqual([heavy.share.minimum, heavy.share.maximum, heavy.minimum.minimum, heavy.minimum.maximum], [0, 1, 0, Number.MAX_SAFE_INTEGER]);
  assert.deepEqual(parseConfig(`{"rules": {"heavy-layer": {"share": 1, "minimum": ${Number.MAX_SAFE_INTEGER}}}}`).problems, []);
  assert.equal(parseConfig(`{"rules": {"heavy-layer": {"minimum": ${Number.MAX_SAFE_INTEGER + 1}}}}`).problems.length, 1);
});

test('the extension validates .netlintrc.json with the schema it ships', () => {
  assert.deepEqual(manifest.contributes.jsonValidation, [{ fileMatch: '.netlintrc.json', url: './schemas/netlintrc.schema.json' }]);
});
