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
  default:
    throw new Error(`unknown operation ${op}`);
}
const ms = performance.now() - started;
console.log(JSON.stringify({ ms, ...counted, maxRssKiB: process.resourceUsage().maxRSS }));
