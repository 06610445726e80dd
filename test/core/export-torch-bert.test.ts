/** The PyTorch export of BERT-base, checked by PyTorch (the other sequence examples: export-torch-seq.test.ts). */
import { describeTorchChecks } from '../helpers/export-torch';
import { readExample } from '../helpers/paths';

describeTorchChecks([
  { title: "bert_base.net: params, output shape and every layer's shape as netlint's; pyflakes clean", text: readExample('bert_base.net') },
]);
