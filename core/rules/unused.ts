/**
 * `unused`: a statement's output that nothing reads. It is found from names alone, while
 * they are resolved (`names.ts`), so it has no walk: it reports on any network, errors or
 * not. Its severity is applied with the others' (`analyze.ts`).
 */
import { defineRule, type RuleDefinition } from './rule';

export const unused: RuleDefinition<'unused'> = defineRule({
  code: 'unused',
  summary: 'a named output that nothing reads.',
  severity: 'warning',
  checkedIn: 'names.ts',
});
