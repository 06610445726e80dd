/**
 * Runs test/vscode/suite.ts in a real VS Code desktop downloaded by @vscode/test-electron.
 * It needs the internet to download VS Code; offline it says so and stops.
 */
import { join } from 'node:path';
import { runTests } from '@vscode/test-electron';

async function main(): Promise<void> {
  const root = join(__dirname, '..', '..');
  try {
    await runTests({
      extensionDevelopmentPath: root,
      extensionTestsPath: join(root, 'out', 'vscode', 'suite.js'),
      launchArgs: [join(root, 'examples'), '--disable-extensions', '--disable-workspace-trust'],
      version: '1.100.0',
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/ENOTFOUND|EAI_AGAIN|ECONNREFUSED|getaddrinfo|download/i.test(message)) {
      console.error(`test:vscode needs to download VS Code 1.100.0 and cannot here (${message}).`);
      console.error('Offline, `npm run test:e2e` runs the extension in code-server instead.');
    } else {
      console.error(message);
    }
    process.exitCode = 1;
  }
}

void main();
