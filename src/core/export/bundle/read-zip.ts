/**
 * A strict reader for the zips Benchtop writes. It reads the central directory itself (fflate's
 * unzipSync would silently keep the last of two entries with one name and inflate before any
 * size is known), refuses anything a bundle never needs (encryption, zip64, several disks,
 * symlinks, directories, methods other than stored/deflate, overlapping or trailing data) and
 * checks every declared size against the limits before inflating a byte. Inflating streams in
 * small pieces and stops as soon as an entry grows past its declared size.
 */
import { Inflate } from 'fflate';
import { benchtopError } from '../../errors.ts';
import { crc32 } from './crc32.ts';
import { entryClass, isKnownEntry, unsafeNameReason } from './entry-names.ts';
import type { BundleLimits } from './limits.ts';

export interface ZipEntry {
  name: string;
  method: 0 | 8;
  crc: number;
  compressedSize: number;
  size: number;
  /** Offset of the entry's data (after its local header). */
  dataStart: number;
}

const SIG_EOCD = 0x06054b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_LOCAL = 0x04034b50;
const UNIX = 3;
const S_IFMT = 0o170000;
const S_IFREG = 0o100000;
const DOS_DIRECTORY = 0x10;
/** Reading in pieces of this many compressed bytes bounds the overshoot of a lying entry (deflate expands at most ~1032x). */
const INFLATE_PIECE = 4096;

const invalid = (entry: string, reason: string, hint?: string) =>
  benchtopError('bundle_invalid', { entry, reason, ...(hint ? { hint } : {}) });

const utf8 = new TextDecoder('utf-8', { fatal: true });

function limitFor(name: string, limits: BundleLimits): number {
  const c = entryClass(name);
  return c === 'blob' ? limits.maxBlobBytes : c === 'json' ? limits.maxJsonBytes : limits.maxTextBytes;
}

/** The entries of a zip, checked against the bundle layout's names and the size limits. Inflates nothing. */
export function readZipDirectory(bytes: Uint8Array, limits: BundleLimits): ZipEntry[] {
  const archive = 'the zip file';
  if (bytes.length > limits.maxBundleBytes) throw benchtopError('bundle_too_large', { entry: archive, bytes: bytes.length, max: limits.maxBundleBytes });
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (o: number) => view.getUint16(o, true);
  const u32 = (o: number) => view.getUint32(o, true);
  if (bytes.length < 22) throw invalid(archive, 'it is too short to be a zip file', 'Choose a .zip model bundle exported by Benchtop.');
  // Benchtop writes no archive comment, so the end record is the last 22 bytes; anything else
  // (a comment, appended data, a zip glued to another file) is refused.
  const eocd = bytes.length - 22;
  if (u32(eocd) !== SIG_EOCD) throw invalid(archive, 'it is not a zip file, or has data after its end record', 'Choose a .zip model bundle exported by Benchtop.');
  if (u16(eocd + 4) !== 0 || u16(eocd + 6) !== 0) throw invalid(archive, 'it spans several disks');
  const count = u16(eocd + 10);
  if (u16(eocd + 8) !== count) throw invalid(archive, 'its entry counts disagree');
  const cdSize = u32(eocd + 12);
  const cdOffset = u32(eocd + 16);
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) throw invalid(archive, 'it is a zip64 archive, which bundles never are');
  if (count > limits.maxEntries) throw benchtopError('bundle_too_large', { entry: 'the entry count', bytes: count, max: limits.maxEntries });
  if (cdOffset + cdSize !== eocd) throw invalid(archive, 'its central directory is not where its end record says');

  const entries: ZipEntry[] = [];
  const seen = new Set<string>();
  let total = 0;
  let p = cdOffset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > eocd || u32(p) !== SIG_CENTRAL) throw invalid(archive, `central directory record ${i + 1} is damaged`);
    const madeBy = u16(p + 4) >> 8;
    const flags = u16(p + 8);
    const method = u16(p + 10);
    const crc = u32(p + 16);
    const compressedSize = u32(p + 20);
    const size = u32(p + 24);
    const nameLength = u16(p + 28);
    const extraLength = u16(p + 30);
    const commentLength = u16(p + 32);
    const disk = u16(p + 34);
    const external = u32(p + 38);
    const localOffset = u32(p + 42);
    const end = p + 46 + nameLength + extraLength + commentLength;
    if (end > eocd) throw invalid(archive, `central directory record ${i + 1} runs past the directory`);
    let name: string;
    try {
      name = utf8.decode(bytes.subarray(p + 46, p + 46 + nameLength));
    } catch {
      throw invalid(archive, `entry ${i + 1} has a name that is not UTF-8`);
    }
    p = end;
    const unsafe = unsafeNameReason(name);
    if (unsafe) throw invalid(JSON.stringify(name), unsafe);
    if (!isKnownEntry(name)) throw invalid(JSON.stringify(name), 'a bundle has no such entry', 'Nothing from it was used. A bundle holds manifest.json, pipeline.json, spec.json, contract.json, model-card.md, examples.csv and model/ files only: export the model again.');
    const folded = name.toLowerCase();
    if (seen.has(folded)) throw invalid(name, 'the name appears twice in the zip (a second copy could replace the first when unpacked)');
    seen.add(folded);
    if (disk !== 0) throw invalid(name, 'it lies on another disk');
    if (flags & 0x0001 || flags & 0x0040 || flags & 0x2000) throw invalid(name, 'it is encrypted');
    if (method !== 0 && method !== 8) throw invalid(name, `it uses compression method ${method}; bundles use stored (0) or deflate (8)`);
    if (madeBy === UNIX) {
      const type = (external >>> 16) & S_IFMT;
      if (type !== 0 && type !== S_IFREG) throw invalid(name, type === 0o120000 ? 'it is a symbolic link' : 'it is not a regular file');
    }
    if (external & DOS_DIRECTORY) throw invalid(name, 'it is marked as a directory');
    if (size === 0xffffffff || compressedSize === 0xffffffff || localOffset === 0xffffffff) throw invalid(name, 'it uses zip64 sizes');
    const max = limitFor(name, limits);
    if (size > max) throw benchtopError('bundle_too_large', { entry: name, bytes: size, max });
    total += size;
    if (total > limits.maxTotalBytes) throw benchtopError('bundle_too_large', { entry: 'the unpacked bundle', bytes: total, max: limits.maxTotalBytes });
    // A real deflate stream of `size` bytes is never much longer than `size` (stored blocks add 5
    // bytes per 64 KiB); a longer one is hiding more output than it declares.
    if (method === 0 ? compressedSize !== size : compressedSize > size + Math.ceil(size / 1000) + 64)
      throw invalid(name, `its compressed size (${compressedSize} bytes) does not fit its declared size (${size} bytes)`);
    if (localOffset + 30 > cdOffset || u32(localOffset) !== SIG_LOCAL) throw invalid(name, 'its local header is missing or damaged');
    const localNameLength = u16(localOffset + 26);
    const localExtra = u16(localOffset + 28);
    const localName = bytes.subarray(localOffset + 30, localOffset + 30 + localNameLength);
    if (localNameLength !== nameLength || !sameBytes(localName, new TextEncoder().encode(name)))
      throw invalid(name, 'its local header names another file');
    const dataStart = localOffset + 30 + localNameLength + localExtra;
    if (dataStart + compressedSize > cdOffset) throw invalid(name, 'its data runs past the end of the file data');
    entries.push({ name, method, crc, compressedSize, size, dataStart });
  }
  if (p !== eocd) throw invalid(archive, 'its central directory has trailing bytes');
  // Entries must not share bytes: overlapping entries are a known way to multiply a bomb.
  const byStart = [...entries].sort((a, b) => a.dataStart - b.dataStart);
  for (let i = 1; i < byStart.length; i++) {
    const prev = byStart[i - 1]!;
    if (prev.dataStart + prev.compressedSize > byStart[i]!.dataStart - 30) throw invalid(byStart[i]!.name, 'its data overlaps another entry');
  }
  return entries;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** One entry's bytes: exactly its declared size, its CRC-32 checked. */
export function inflateEntry(bytes: Uint8Array, entry: ZipEntry): Uint8Array {
  const data = bytes.subarray(entry.dataStart, entry.dataStart + entry.compressedSize);
  let out: Uint8Array;
  if (entry.method === 0) {
    out = data.slice();
  } else {
    out = new Uint8Array(entry.size);
    let filled = 0;
    let overflow = false;
    const inflate = new Inflate((chunk) => {
      if (overflow) return;
      if (filled + chunk.length > entry.size) {
        overflow = true;
        return;
      }
      out.set(chunk, filled);
      filled += chunk.length;
    });
    try {
      for (let o = 0; o < data.length && !overflow; o += INFLATE_PIECE) {
        const end = Math.min(o + INFLATE_PIECE, data.length);
        inflate.push(data.subarray(o, end), end === data.length);
      }
      if (data.length === 0) inflate.push(data, true);
    } catch (e) {
      throw invalid(entry.name, `its compressed data is damaged (${e instanceof Error ? e.message : String(e)})`);
    }
    if (overflow) throw benchtopError('bundle_too_large', { entry: `${entry.name} (inflated past its declared size)`, bytes: entry.size + 1, max: entry.size });
    if (filled !== entry.size) throw invalid(entry.name, `it inflates to ${filled} bytes, not the ${entry.size} it declares`);
  }
  if (crc32(out) !== entry.crc) throw invalid(entry.name, 'its CRC-32 does not match its data');
  return out;
}
