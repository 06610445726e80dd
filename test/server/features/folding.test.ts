/** Folding, as a table: a file and its folds, `first-last` lines (1-based), comment runs marked. */
import { readExample } from '../../helpers/paths';
import { check, type Case } from '../../helpers/fixture';
import { provideFoldingRanges } from '../../../server/features/folding';

const CASES: readonly Case<string[]>[] = [
  ['network and block bodies, and the runs of comment lines', readExample('resnet50.net'), ['7-17', '22-34', '37-56', '1-4 comment', '20-21 comment']],
  ['a body folds to the line before its closing brace', 'network N {\n  input x: 3x32x32\n  a = relu()\n}\n', ['1-3']],
  ['a one-line body does not fold', 'network N { input x: 3x32x32 }\n', []],
  ['one comment line alone does not fold, nor comments after code', '# one\nnetwork N {\n  input x: 3x32x32 # a\n  a = relu() # b\n}\n', ['2-4']],
];

check('folding', CASES, ({ analysis }) => provideFoldingRanges(analysis).map((f) => `${f.startLine + 1}-${f.endLine + 1}${f.kind ? ` ${f.kind}` : ''}`));
