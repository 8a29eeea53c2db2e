/**
 * The set-up is wrong (an input, the config file, the tracker's path): the message names the
 * input or file, what it holds and what was expected. Fixing the workflow fixes the run.
 */
export class ConfigError extends Error {
  override name = 'ConfigError';
}
