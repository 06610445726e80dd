/**
 * The PyTorch export of language v2's convnets (ConvNeXt-T, EfficientNet-B0,
 * MobileNetV3-Small, ShuffleNetV2 1.0x, RegNetY-400MF), checked by PyTorch; U-Net and the
 * v2 ops and language additions on maps are in export-torch-v2.test.ts.
 */
import { describeTorchChecks } from '../helpers/export-torch';
import { readExample } from '../helpers/paths';

describeTorchChecks(
  ['convnext_tiny.net', 'efficientnet_b0.net', 'mobilenet_v3_small.net', 'shufflenet_v2_x1_0.net', 'regnet_y_400mf.net'].map((name) => ({
    title: `${name}: params, output shape and every layer's shape as netlint's; pyflakes clean`,
    text: readExample(name),
  })),
);
