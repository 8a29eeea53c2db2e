import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import {
  MAX_EVIDENCE_BYTES,
  readEvidenceArtifact,
  writeEvidenceFile,
} from '../../src/modes/evidence-file.js';

const SHA = 'c0ffee'.padEnd(40, '0');
const NAME = 'known-issues-evidence.json';
const file = writeEvidenceFile({
  headSha: SHA,
  pullRequest: 7,
  evidence: { build: { outcome: 'success', firstErrors: [] }, tests: null, problems: [] },
});
const zip = (files: Record<string, string | Uint8Array>) =>
  zipSync(
    Object.fromEntries(
      Object.entries(files).map(([k, v]) => [
        k,
        typeof v === 'string' ? new TextEncoder().encode(v) : v,
      ]),
    ),
  );
const read = (bytes: Uint8Array, headSha = SHA) =>
  readEvidenceArtifact(bytes, { headSha, fileName: NAME, artifact: 'known-issues-evidence' });

describe('the evidence file, written by collect and read back from an artifact as untrusted data', () => {
  it('round trip: what collect writes reads back', () => {
    expect(read(zip({ [NAME]: file }))).toEqual(JSON.parse(file));
  });

  it('refused: another commit, another schema version, a missing file, not JSON, not a zip', () => {
    expect(() => read(zip({ [NAME]: file }), 'f'.repeat(40))).toThrow(
      `was collected on ${SHA}, not on the run's commit ${'f'.repeat(40)}`,
    );
    const json = JSON.parse(file) as Record<string, unknown>;
    expect(() => read(zip({ [NAME]: JSON.stringify({ ...json, version: 2 }) }))).toThrow(
      'does not match the evidence file schema at version',
    );
    expect(() => read(zip({ [NAME]: JSON.stringify({ ...json, extra: 1 }) }))).toThrow(
      'does not match the evidence file schema at (root)',
    );
    expect(() => read(zip({ 'other.json': file }))).toThrow(`has no ${NAME}`);
    expect(() => read(zip({ [NAME]: '{"schema": ' }))).toThrow(`${NAME} is not JSON`);
    expect(() => read(new TextEncoder().encode(file))).toThrow('is not a readable zip');
  });

  it('a zip bomb: an entry that declares more than the limit is refused before it is inflated', () => {
    const big = new Uint8Array(MAX_EVIDENCE_BYTES + 1).fill(32);
    expect(() => read(zip({ [NAME]: big }))).toThrow('over the limit of');
  });

  it('a lying header (a small size declared, a large entry packed) inflates no more than it declared', () => {
    const packed = Buffer.from(zip({ [NAME]: `${file}${' '.repeat(5_000_000)}` }));
    // Rewrite the uncompressed size in the local header and the central directory to 100 bytes.
    for (let i = 0; i + 4 <= packed.length; i++) {
      const signature = packed.readUInt32LE(i);
      if (signature === 0x04034b50) packed.writeUInt32LE(100, i + 22);
      if (signature === 0x02014b50) packed.writeUInt32LE(100, i + 24);
    }
    expect(() => read(new Uint8Array(packed))).toThrow(`${NAME} is not JSON`);
  });

  it('more files than the artifact collect uploads is refused', () => {
    const many = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`f${i}.txt`, 'x']));
    expect(() => read(zip({ ...many, [NAME]: file }))).toThrow('holds more than 16 files');
  });
});
