import { z } from 'zod';

/** zod schemas of attribute value types, shared by the generated and run-time bindings. */

const int = (min: number, max: number) => z.number().int().min(min).max(max);
export const zU8 = int(0, 0xff);
export const zU16 = int(0, 0xffff);
// Single-check formats where zod has one: cheaper than chained min/max on the hot path.
export const zU32 = z.uint32();
export const zS8 = int(-0x80, 0x7f);
export const zS16 = int(-0x8000, 0x7fff);
export const zS32 = z.int32();
export const zU64 = z.uint64();
export const zS64 = z
  .bigint()
  .min(-(2n ** 63n))
  .max(2n ** 63n - 1n);
export const zString = z.string();
export const zBytes = z.instanceof(Uint8Array);
export const zFlag = z.literal(true);
export const zBitfield32 = z.object({ value: zU32, selector: zU32 });
export const zUnknownAttrs = z.array(
  z.object({
    type: zU16,
    name: z.string().optional(),
    nested: z.boolean(),
    data: z.custom<Buffer>((v) => Buffer.isBuffer(v), 'expected a Buffer'),
  }),
);
