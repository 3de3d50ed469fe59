/**
 * A minimal protocol-buffers encoder: just the wire format the ONNX messages need (varints,
 * fixed 32/64-bit numbers, length-delimited bytes). It has no schema and no reflection: the
 * caller writes fields in a fixed order, so the same message always gives the same bytes.
 *
 * Wire types: 0 varint, 1 fixed 64-bit, 2 length-delimited, 5 fixed 32-bit.
 */

const VARINT = 0;
const FIXED64 = 1;
const LENGTH = 2;
const FIXED32 = 5;

const utf8 = new TextEncoder();

export class ProtoWriter {
  #buf = new Uint8Array(256);
  #len = 0;
  #view = new DataView(this.#buf.buffer);

  #ensure(extra: number): void {
    if (this.#len + extra <= this.#buf.length) return;
    let size = this.#buf.length * 2;
    while (size < this.#len + extra) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.#buf.subarray(0, this.#len));
    this.#buf = next;
    this.#view = new DataView(next.buffer);
  }

  #raw(bytes: Uint8Array): void {
    this.#ensure(bytes.length);
    this.#buf.set(bytes, this.#len);
    this.#len += bytes.length;
  }

  /**
   * An unsigned varint. Negative numbers are written as their 64-bit two's complement (ten
   * bytes), which is how protobuf encodes negative int32 and int64 values.
   */
  #varint(value: number): void {
    if (!Number.isSafeInteger(value)) throw new RangeError(`protobuf varint needs a safe integer, got ${value}`);
    this.#ensure(10);
    if (value < 0) {
      let v = BigInt.asUintN(64, BigInt(value));
      while (v >= 0x80n) {
        this.#buf[this.#len++] = Number(v & 0x7fn) | 0x80;
        v >>= 7n;
      }
      this.#buf[this.#len++] = Number(v);
      return;
    }
    let v = value;
    // Division rather than >>> keeps values above 2^32 exact.
    while (v >= 0x80) {
      this.#buf[this.#len++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    this.#buf[this.#len++] = v;
  }

  #tag(field: number, wire: number): void {
    this.#varint(field * 8 + wire);
  }

  /** int32 / int64 / uint64 / enum / bool fields. */
  int(field: number, value: number): this {
    this.#tag(field, VARINT);
    this.#varint(value);
    return this;
  }

  /** float (fixed 32-bit, little-endian IEEE 754). */
  float(field: number, value: number): this {
    this.#tag(field, FIXED32);
    this.#ensure(4);
    this.#view.setFloat32(this.#len, value, true);
    this.#len += 4;
    return this;
  }

  /** double (fixed 64-bit). */
  double(field: number, value: number): this {
    this.#tag(field, FIXED64);
    this.#ensure(8);
    this.#view.setFloat64(this.#len, value, true);
    this.#len += 8;
    return this;
  }

  bytes(field: number, value: Uint8Array): this {
    this.#tag(field, LENGTH);
    this.#varint(value.length);
    this.#raw(value);
    return this;
  }

  string(field: number, value: string): this {
    return this.bytes(field, utf8.encode(value));
  }

  /** An embedded message: its encoded bytes, length-prefixed. */
  message(field: number, encoded: Uint8Array): this {
    return this.bytes(field, encoded);
  }

  /**
   * A repeated integer field in packed form (one length-delimited run of varints). Parsers accept
   * packed runs for any repeated scalar field, packed=true declared or not, and they are smaller.
   */
  packedInts(field: number, values: ArrayLike<number>): this {
    if (values.length === 0) return this;
    const inner = new ProtoWriter();
    for (let i = 0; i < values.length; i++) inner.#varint(values[i]!);
    return this.bytes(field, inner.finish());
  }

  /** A repeated float field in packed form. */
  packedFloats(field: number, values: ArrayLike<number>): this {
    if (values.length === 0) return this;
    const out = new Uint8Array(values.length * 4);
    const view = new DataView(out.buffer);
    for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i]!, true);
    return this.bytes(field, out);
  }

  finish(): Uint8Array {
    return this.#buf.slice(0, this.#len);
  }
}
