/**
 * The WGSL kernel of the WebGPU histogram builder. One workgroup sums one feature over a chunk
 * of a node's rows into workgroup memory, then adds its partial histogram to the global one.
 *
 * Integers only, so the sums are exact and independent of scheduling: each row's fixed-point
 * value q (|q| < 2^31) is split into a signed high half q >> 16 and an unsigned low half
 * q & 0xffff, each summed in an i32 workgroup atomic (a chunk of at most 2^15 rows cannot
 * overflow either), and the partial q-sum (high * 2^16 + low) is added to a 64-bit global
 * accumulator held as two u32 atomics with an explicit carry.
 */
export const WORKGROUP_SIZE = 256;
/** u32 words per bin of the global histogram: grad lo, grad hi, hess lo, hess hi, count. */
export const GLOBAL_BIN_WORDS = 5;
/** Bytes of one feature slot of the global histogram. */
export const GLOBAL_SLOT_BYTES = 256 * GLOBAL_BIN_WORDS * 4;
/** Per-job uniform block, padded to the 256-byte dynamic-offset alignment WebGPU guarantees. */
export const PARAMS_STRIDE = 256;
/** Largest chunk of rows one workgroup may sum (keeps the i32 halves from overflowing). */
export const MAX_ROWS_PER_GROUP = 2 ** 15;

export const HISTOGRAM_WGSL = /* wgsl */ `
struct Params {
  wordsPerFeature: u32,
  rowOffset: u32,
  rowCount: u32,
  featureOffset: u32,
  slotOffset: u32,
  rowsPerGroup: u32,
};

@group(0) @binding(0) var<storage, read> bins: array<u32>;
@group(0) @binding(1) var<storage, read> qgrad: array<i32>;
@group(0) @binding(2) var<storage, read> qhess: array<i32>;
@group(0) @binding(3) var<storage, read> rows: array<u32>;
@group(0) @binding(4) var<storage, read> features: array<u32>;
@group(0) @binding(5) var<storage, read_write> hist: array<atomic<u32>>;
@group(0) @binding(6) var<uniform> params: Params;

// [bin][grad hi, grad lo, hess hi, hess lo, count]
var<workgroup> part: array<atomic<i32>, 1280>;

fn add64(at: u32, lo: u32, hi: u32) {
  let old = atomicAdd(&hist[at], lo);
  let carry = select(0u, 1u, old + lo < old);
  let h = hi + carry;
  if (h != 0u) {
    atomicAdd(&hist[at + 1u], h);
  }
}

// Adds high * 2^16 + low (a 64-bit two's-complement value) at hist[at], hist[at + 1].
fn addSplit(at: u32, high: i32, low: i32) {
  let vl = bitcast<u32>(high) << 16u;
  let vh = bitcast<u32>(high >> 16u);
  let lo = vl + bitcast<u32>(low);
  add64(at, lo, vh + select(0u, 1u, lo < vl));
}

@compute @workgroup_size(${WORKGROUP_SIZE})
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_index) t: u32) {
  for (var i = t; i < 1280u; i += ${WORKGROUP_SIZE}u) {
    atomicStore(&part[i], 0);
  }
  workgroupBarrier();
  let slot = wid.y;
  let f = features[params.featureOffset + slot];
  let start = wid.x * params.rowsPerGroup;
  let end = min(start + params.rowsPerGroup, params.rowCount);
  let binBase = f * params.wordsPerFeature;
  for (var k = start + t; k < end; k += ${WORKGROUP_SIZE}u) {
    let r = rows[params.rowOffset + k];
    let b = (bins[binBase + (r >> 2u)] >> ((r & 3u) * 8u)) & 0xffu;
    let g = qgrad[r];
    let h = qhess[r];
    let at = b * 5u;
    atomicAdd(&part[at], g >> 16u);
    atomicAdd(&part[at + 1u], g & 0xffff);
    atomicAdd(&part[at + 2u], h >> 16u);
    atomicAdd(&part[at + 3u], h & 0xffff);
    atomicAdd(&part[at + 4u], 1);
  }
  workgroupBarrier();
  let out = (params.slotOffset + slot) * 1280u;
  for (var b = t; b < 256u; b += ${WORKGROUP_SIZE}u) {
    let c = atomicLoad(&part[b * 5u + 4u]);
    if (c != 0) {
      addSplit(out + b * 5u, atomicLoad(&part[b * 5u]), atomicLoad(&part[b * 5u + 1u]));
      addSplit(out + b * 5u + 2u, atomicLoad(&part[b * 5u + 2u]), atomicLoad(&part[b * 5u + 3u]));
      atomicAdd(&hist[out + b * 5u + 4u], bitcast<u32>(c));
    }
  }
}
`;
