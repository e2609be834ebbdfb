import { z } from 'zod';

// USIP_PATH_MAX counts the terminating NUL.
const PATH_MAX = 4096;

/** A path the kernel resolves: absolute or relative, no NUL, shorter than PATH_MAX. */
export const pathSchema = z
  .string()
  .min(1, 'path is empty')
  .refine((p) => !p.includes('\0'), 'path contains a NUL byte')
  .refine((p) => Buffer.byteLength(p) < PATH_MAX, `path is longer than ${PATH_MAX - 1} bytes`);

export const mountIdSchema = z.number().int().min(1).max(0xffffffff);

/** mount(idOrPath): a mount id, or a path inside the wanted mount. */
export const mountRefSchema = z.union([mountIdSchema, pathSchema]);

export const testEnospcSchema = z.strictObject({
  path: pathSchema,
  errno: z.enum(['ENOSPC', 'EDQUOT']).default('ENOSPC'),
});

export const testMtabSchema = z.strictObject({
  action: z.enum(['mount', 'umount', 'move', 'attr']).default('mount'),
  mountId: mountIdSchema.optional(),
});
