// The action's entry point: the runner starts it as `node dist/index.js`.
import { run } from './main.js';

await run();
