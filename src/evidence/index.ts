/** Evidence: what the workflow's build and test results say, read without any GitHub API. */
export * from './schema.js';
export { parseBuildOutcome, quoteBuildLog } from './build.js';
export { detectFormat, readResults } from './formats.js';
export { readEvidence, type ReadEvidenceOptions } from './read.js';
