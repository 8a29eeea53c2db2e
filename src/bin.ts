// The `known-issues` command: src/cli.ts holds the commands, so tests can run them in-process.
import { main } from './cli.js';

// `known-issues check … | head` closes the pipe early: not an error, and `plan --write` must
// still finish writing the file, so the rest of the output is dropped rather than exiting.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
});
process.exitCode = await main(process.argv.slice(2));
