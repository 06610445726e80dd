/** Prints the summary of a .cpuprofile: `node out/bench/summarise-profile.js file.cpuprofile [top]`. */
import { formatSummary, summariseProfile } from './profile';

const [file, top] = process.argv.slice(2);
if (!file) throw new Error('usage: summarise-profile.js <file.cpuprofile> [top]');
process.stdout.write(`${formatSummary(summariseProfile(file, Number(top ?? 20)))}\n`);
