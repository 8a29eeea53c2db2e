// The in-process half of `bench/scale.mjs`, bundled by it: each call runs one operation in a
// fresh process and prints what it counted as JSON on its last line.
import { writeFileSync } from 'node:fs';
import { readFileSync } from 'node:fs';
import { remark } from 'remark';
import remarkGfm from 'remark-gfm';
import { main } from '../src/cli.js';
import { markdownStats } from '../src/tracker/markdown.js';
import { parseTracker } from '../src/tracker/parse.js';
import { generateTracker } from './generate.js';
import { TOKEN } from '../__tests__/support/github-client.js';
import { startEmulator } from '../__tests__/support/github-emulator.js';
import { evidenceOf } from '../__tests__/support/simulate.js';
import { syncOnce, TRACKER } from '../__tests__/support/sync.js';

const [op, file, arg] = process.argv.slice(2);
const counted = { documents: 0 };
const started = performance.now();
switch (op) {
  case 'generate':
    writeFileSync(file!, generateTracker(Number(arg), Number(process.argv[5] ?? 0)));
    break;
  case 'remark':
    remark().use(remarkGfm).parse(readFileSync(file!, 'utf8'));
    break;
  case 'parse':
    parseTracker(readFileSync(file!, 'utf8'));
    break;
  case 'cli': {
    // The CLI's own commands, in-process, to count the whole-document parses they make.
    const before = markdownStats.documents;
    const stdout = process.stdout.write.bind(process.stdout);
    process.stdout.write = () => true;
    await main(JSON.parse(arg!) as string[]);
    process.stdout.write = stdout;
    counted.documents = markdownStats.documents - before;
    break;
  }
  case 'sync': {
    // One scheduled sync of the tracker against the local GitHub emulator (real HTTP), with a
    // green build: the items that check the build resolve, move and close their issues.
    const emulator = await startEmulator({ token: TOKEN });
    try {
      emulator.repo('acme/bench').pushCommit('main', { [TRACKER]: readFileSync(file!) }, 'tracker');
      const result = await syncOnce(emulator, 'acme/bench', {
        evidence: evidenceOf('success', null),
      });
      if (!result.commit) throw new Error('the sync committed nothing');
    } finally {
      await emulator.close();
    }
    break;
  }
  default:
    throw new Error(`unknown operation ${op}`);
}
const ms = performance.now() - started;
console.log(JSON.stringify({ ms, ...counted, maxRssKiB: process.resourceUsage().maxRSS }));
